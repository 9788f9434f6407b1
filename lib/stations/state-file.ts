/** A JSON file written atomically (temp file + rename) at most once per interval, so a crash never leaves half a file. */
import fs from 'fs';
import path from 'path';

export class StateFile<T> {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => T,
    private readonly onError: (err: Error) => void = () => {},
    private readonly delayMs = 1000,
  ) {}

  read(): T | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as T;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        // A corrupt file is kept aside for inspection rather than silently overwritten.
        try { fs.renameSync(this.file, `${this.file}.corrupt-${Date.now()}`); } catch { /* already gone */ }
      }
      return undefined;
    }
  }

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.delayMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const temp = `${this.file}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(this.snapshot()));
      fs.renameSync(temp, this.file);
    } catch (err) {
      // A full or read-only disk must not take the CSMS down; the next change tries again.
      this.onError(err as Error);
    }
  }
}
