/** Our Csms as every benchmark runs it, so the OCPP and archive benchmarks measure the same server. */
import { Csms, CsmsOptions } from '../../lib/ocpp/csms';

// Same period everywhere, so keep-alive pings cost the servers alike (none fire during a short run).
export const PING_INTERVAL_MS = 30_000;
export const HEARTBEAT_INTERVAL_S = 300;

/** `limits`: the scale benchmark's storm runs with the CSMS's boot and handshake rates. */
export function benchCsms(limits: Pick<CsmsOptions, 'bootsPerSecond' | 'handshakesPerSecond'> = {}): Csms {
  const csms = new Csms({
    port: 0, host: '127.0.0.1', pingIntervalMs: PING_INTERVAL_MS, heartbeatIntervalS: HEARTBEAT_INTERVAL_S,
    registry: { open: true }, ...limits,
  });
  // An 'error' event without a listener would kill the process; the benchmark counts failures client-side.
  csms.on('error', () => undefined);
  return csms;
}
