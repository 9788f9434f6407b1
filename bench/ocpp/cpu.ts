/** CPU accounting of a measured window: the server's (over IPC), this process's, and the rest of the machine's. */
import os from 'os';
import { Child } from './children';
import type { WindowHooks } from './load';
import { runQueueWaitMs, ServerCpu } from './run-queue';

/** CPU time in ms that all cores of the machine spent busy since boot. */
function machineBusyMs(): number {
  let busy = 0;
  for (const cpu of os.cpus()) busy += cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq;
  return busy;
}

/** User plus system time of a process.cpuUsage() reading, in ms. */
export const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

export interface WindowCpu {
  serverMs: number;
  /** How long in the window the server's event loop, and this process's (the load), waited for a CPU; NaN if unknown. */
  serverWaitMs: number;
  loaderWaitMs: number;
  /** Busy time of the whole machine in the window: minus server and load, what others (a build, a test run) took. */
  machineMs: number;
}

/** Reads the server's CPU time and the machine's when the load opens and closes its measured window. */
export function cpuWindow(server: Child): { hooks: WindowHooks; result: () => Promise<WindowCpu> } {
  let opened: Promise<ServerCpu> | undefined;
  let closed: Promise<ServerCpu> | undefined;
  let machine0 = 0;
  let machine1 = 0;
  let loader0 = NaN;
  let loader1 = NaN;
  return {
    hooks: {
      open: () => {
        machine0 = machineBusyMs();
        loader0 = runQueueWaitMs();
        opened = server.request<ServerCpu>('cpu');
      },
      close: () => {
        closed = server.request<ServerCpu>('cpu');
        machine1 = machineBusyMs();
        loader1 = runQueueWaitMs();
      },
    },
    result: async () => {
      if (!opened || !closed) throw new Error('the measured window never opened');
      const [a, b] = await Promise.all([opened, closed]);
      return {
        serverMs: cpuMs(b) - cpuMs(a), machineMs: machine1 - machine0,
        // A child without scheduler statistics sends NaN, which crosses IPC as null: keep it NaN, never a made-up zero.
        serverWaitMs: (b.runQueueMs ?? NaN) - (a.runQueueMs ?? NaN), loaderWaitMs: loader1 - loader0,
      };
    },
  };
}
