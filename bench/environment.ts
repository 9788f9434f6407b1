/** The machine a report was measured on: figures from a shared 2-core box and a quiet 16-core one do not compare. */
import os from 'os';

export interface Environment {
  node: string;
  cpus: number;
  cpuModel: string;
  platform: string;
  loadAverage: number[];
}

export function readEnvironment(): Environment {
  return {
    node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown',
    platform: `${os.platform()} ${os.release()}`, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
