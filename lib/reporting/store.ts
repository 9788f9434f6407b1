/** Journal stores: a JSON state file for the node, memory for tests and dry runs. */
import { StateFile } from '../stations/state-file';
import type { JournalSnapshot, JournalStore } from './model';

/**
 * The journal in an atomic JSON file, written synchronously on every save: the engine relies on a save being on
 * disk before the request it announces leaves, so StateFile's deferred write is not used, only its flush.
 */
export function stateFileStore(file: string): JournalStore {
  let current: JournalSnapshot | undefined;
  let failure: Error | undefined;
  const state = new StateFile<JournalSnapshot | undefined>(file, () => current, (err) => { failure = err; });
  return {
    load: () => {
      const loaded = state.read();
      return loaded && loaded.version === 1 && Array.isArray(loaded.entries) ? loaded : undefined;
    },
    save: (snapshot) => {
      current = snapshot;
      failure = undefined;
      state.flush();
      if (failure) throw failure;
    },
  };
}

/** Keeps a JSON copy, as a file would, so a restored engine never shares objects with the one it replaces. */
export class MemoryStore implements JournalStore {
  private text?: string;
  saves = 0;

  load(): JournalSnapshot | undefined {
    return this.text === undefined ? undefined : (JSON.parse(this.text) as JournalSnapshot);
  }

  save(snapshot: JournalSnapshot): void {
    this.text = JSON.stringify(snapshot);
    this.saves++;
  }
}
