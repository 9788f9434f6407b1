/**
 * What evc-authorize keeps across restarts in the user directory: the badges, the list version the stations
 * follow, and where each station's local list stands. Written atomically, at most once a second.
 */
import { StateFile } from '../stations/state-file';
import type { Tag } from './tags';

export interface AuthState {
  format: 1;
  listVersion: number;
  tags: Tag[];
  /** LocalListSync's snapshot. */
  lists?: unknown;
}

export class AuthMemory {
  private file?: StateFile<AuthState>;
  private snapshot?: () => Omit<AuthState, 'format'>;

  constructor(private readonly path: string | undefined, private readonly onError: (err: Error) => void) {}

  read(): AuthState | undefined {
    if (!this.path) return undefined;
    const saved = new StateFile<AuthState>(this.path, () => { throw new Error('not yet'); }).read();
    return saved?.format === 1 && Array.isArray(saved.tags) ? saved : undefined;
  }

  /** What to save from now on. */
  watch(snapshot: () => Omit<AuthState, 'format'>): void {
    this.snapshot = snapshot;
    if (this.path) this.file = new StateFile<AuthState>(this.path, () => ({ format: 1, ...this.snapshot!() }), this.onError);
  }

  changed(): void {
    this.file?.schedule();
  }

  flush(): void {
    this.file?.flush();
  }
}
