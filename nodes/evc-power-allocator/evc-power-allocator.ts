/**
 * evc-power-allocator: shares a site's power among the EVSEs of one CSMS over a tree of groups, and sends each its
 * limit as a charging profile (lib/allocation's AllocationService). Live limits, what sessions need by when, and
 * recomputations by msg.
 */
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import type { Recomputation } from '../../lib/allocation/allocator';
import { AllocationService } from '../../lib/allocation/service';
import { needFromMessage } from '../../lib/allocation/needs';
import { useCsms } from '../shared/use-csms';
import { readConfig } from '../shared/read-config';
import { codedError } from '../shared/csms-link';
import { AllocatorNodeConfig, allocatorSettings } from './config';

const TYPE = 'evc-power-allocator';
const USAGE = 'msg.payload must be {group, limitA?, limitW?} (a live limit), {evse, departure, energyWh | targetSocPercent and batteryWh, preconditionW?, preconditionS?} (what a session needs by when; departure null forgets it) or {recompute: true}';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export default function register(RED: NodeAPI): void {
  function PowerAllocatorNode(this: Node, config: NodeDef & AllocatorNodeConfig) {
    RED.nodes.createNode(this, config);
    const node = this;
    const settings = readConfig(RED, node, TYPE, () => allocatorSettings(config));
    if (!settings) return;
    const { evseIds } = settings;
    const engine = useCsms(RED, node, TYPE, config.csms);
    const csms = engine?.();
    // Without a running engine (no evc-csms, or its own configuration is wrong) the status already says why.
    const service = csms ? new AllocationService(csms, settings.site, settings) : undefined;
    service?.on('recomputed', (result: Recomputation) => {
      const allocatedKw = result.evses.reduce((s, e) => s + e.limitW, 0) / 1000;
      node.status({ fill: result.allocation.leftOut.length ? 'yellow' : 'green', shape: 'dot', text: RED._(`${TYPE}.status.allocated`, {
        evses: result.evses.filter((e) => e.limitA > 0).length, kw: allocatedKw.toFixed(1), left: result.allocation.leftOut.length,
      }) });
      node.send({ topic: 'allocation', payload: { evses: result.evses, groups: result.groups, leftOut: result.allocation.leftOut, changes: result.changes } });
    });
    service?.on('warn', (w: { stationId?: string; reason: string }) => {
      node.warn(w.stationId ? RED._(`${TYPE}.warn.notSent`, { stationId: w.stationId, reason: w.reason }) : w.reason);
    });
    service?.start();

    node.on('input', (msg: NodeMessage, _send: unknown, done: (err?: Error) => void) => {
      const p = msg.payload;
      const problem = isRecord(p) ? apply(p) : USAGE;
      if (problem) return done(codedError('ValidationFailed', problem));
      // Without a running CSMS there is nothing to recompute for; its status says why.
      if (!service) return done();
      service.recompute().then(() => done(), (err: Error) => done(err));
    });

    /** A live limit, a session's need, or a plain recomputation; the reason when it is none of them. */
    function apply(p: Record<string, unknown>): string | undefined {
      if (typeof p.group === 'string') {
        const limit = { limitA: p.limitA as number | [number, number, number] | undefined, limitW: p.limitW as number | undefined };
        const bad = [limit.limitA, limit.limitW].flat().some((x) => x !== undefined && !(typeof x === 'number' && x >= 0));
        if (bad) return 'limitA (a number or [L1, L2, L3]) and limitW must be numbers of 0 or more';
        try {
          service?.setExternalLimit(p.group, limit);
        } catch (err) {
          return (err as Error).message;
        }
        return undefined;
      }
      if (typeof p.evse === 'string') {
        if (!evseIds.has(p.evse)) return `no EVSE ${p.evse} in the site tree`;
        if (p.departure === null) return void service?.needs.delete(p.evse);
        const need = needFromMessage(p, Date.now());
        if (typeof need === 'string') return need;
        return void service?.needs.set(p.evse, need);
      }
      return p.recompute === true ? undefined : USAGE;
    }
    node.on('close', () => service?.stop());
  }
  RED.nodes.registerType(TYPE, PowerAllocatorNode as never);
}
