/**
 * Background threads step aside for the event loop. On Linux each thread has its own nice value, so the archive's
 * writer thread can run below the OCPP event loop (and below Node-RED's flows) without changing the process's own.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';

/** Lowers the calling thread's priority to `nice` (never raises it); false where threads have no nice value of their own. */
export function lowerThreadPriority(nice: number): boolean {
  try {
    const tid = Number(path.basename(fs.readlinkSync('/proc/thread-self')));
    if (!Number.isSafeInteger(tid) || tid <= 0) return false;
    os.setPriority(tid, Math.max(os.getPriority(tid), nice));
    return true;
  } catch {
    return false;
  }
}
