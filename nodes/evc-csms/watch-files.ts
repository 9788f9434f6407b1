/**
 * Calls back once when any of the files changes on disk. Polling (fs.watchFile) rather than fs.watch: renewal
 * tools replace certificate files by renaming, which inotify-based watches lose track of. A burst of changes (the
 * certificate, then its key) gives one call after it settles.
 */
import fs from 'fs';

export function watchFiles(files: string[], onChange: () => void, intervalMs = 5000, settleMs = 1000): () => void {
  let timer: NodeJS.Timeout | undefined;
  const listener = (now: fs.Stats, before: fs.Stats) => {
    if (now.mtimeMs === before.mtimeMs && now.size === before.size && now.ino === before.ino) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => { timer = undefined; onChange(); }, settleMs);
  };
  for (const file of files) fs.watchFile(file, { interval: intervalMs, persistent: false }, listener);
  return () => {
    if (timer) clearTimeout(timer);
    for (const file of files) fs.unwatchFile(file, listener);
  };
}
