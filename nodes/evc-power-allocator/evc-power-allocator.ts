/**
 * evc-power-allocator: shares a site's power among the EVSEs of one CSMS over a tree of groups, and sends each its
 * limit as a charging profile. Recomputes on transactions, meter values and every interval; live limits by msg.
 */
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { PowerAllocator, Recomputation } from '../../lib/allocation/allocator';
import { limitCommand, liveSessions } from '../../lib/allocation/csms-link';
import type { OcppEvent } from '../../lib/ocpp/events';
import { useCsms } from '../shared/use-csms';
import { codedError } from '../shared/csms-link';
import { AllocatorNodeConfig, allocatorSettings, ConfigProblem } from './config';

const TYPE = 'evc-power-allocator';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The events after which the allocation may change. */
const TRIGGERS = new Set(['transaction.started', 'transaction.updated', 'transaction.ended', 'station.connected', 'station.disconnected', 'meter.values']);

export default function register(RED: NodeAPI): void {
  function PowerAllocatorNode(this: Node, config: NodeDef & AllocatorNodeConfig) {
    RED.nodes.createNode(this, config);
    const node = this;
    let settings;
    try {
      settings = allocatorSettings(config);
    } catch (err) {
      const reason = err instanceof ConfigProblem ? err.message : String(err);
      node.status({ fill: 'red', shape: 'ring', text: RED._(`${TYPE}.status.invalidConfig`, { reason }) });
      node.error(RED._(`${TYPE}.status.invalidConfig`, { reason }));
      node.on('input', (_m: NodeMessage, _s: unknown, done: (err?: Error) => void) => done(codedError('InvalidConfig', `evc-power-allocator is not configured correctly: ${reason}`)));
      return;
    }
    const { site, profiles } = settings;
    const allocator = new PowerAllocator(site, settings.allocator);
    const engine = useCsms(RED, node, TYPE, config.csms);
    let pending: NodeJS.Timeout | undefined;

    /** One recomputation: limits out (decreases answered before any increase leaves), the figures on the output. */
    const once = async (): Promise<Recomputation | undefined> => {
      const csms = engine?.();
      if (!csms) return undefined;
      const result = allocator.recompute(liveSessions(site, csms.store.list()));
      const send = (changes: Recomputation['changes']) => Promise.allSettled(changes.map(async (change) => {
        const target = limitCommand(site, change, profiles);
        if (!target) return;
        try {
          await csms.command(target.stationId, target.command);
        } catch (err) {
          node.warn(RED._(`${TYPE}.warn.notSent`, { stationId: target.stationId, reason: (err as Error).message }));
        }
      }));
      await send(result.changes.filter((c) => c.decrease));
      await send(result.changes.filter((c) => !c.decrease));
      const allocatedKw = result.evses.reduce((s, e) => s + e.limitW, 0) / 1000;
      node.status({ fill: result.allocation.leftOut.length ? 'yellow' : 'green', shape: 'dot', text: RED._(`${TYPE}.status.allocated`, {
        evses: result.evses.filter((e) => e.limitA > 0).length, kw: allocatedKw.toFixed(1), left: result.allocation.leftOut.length,
      }) });
      node.send({ topic: 'allocation', payload: { evses: result.evses, groups: result.groups, leftOut: result.allocation.leftOut, changes: result.changes } });
      return result;
    };
    // One recomputation at a time; asked during one, the next runs right after it, on what is known by then (a
    // live limit that arrives meanwhile is never left for the next interval). Requests while one waits share it.
    let current: Promise<unknown> = Promise.resolve();
    let waiting: Promise<Recomputation | undefined> | undefined;
    const recompute = (): Promise<Recomputation | undefined> => {
      if (!waiting) {
        waiting = current.then(() => {
          waiting = undefined;
          return once();
        });
        current = waiting.catch(() => undefined);
      }
      return waiting;
    };
    // Events come in bursts: one recomputation a moment after the first of them.
    const soon = () => {
      if (!pending) pending = setTimeout(() => { pending = undefined; void recompute(); }, 200);
    };
    const onEvent = (e: OcppEvent) => { if (TRIGGERS.has(e.type)) soon(); };
    const csms = engine?.();
    csms?.on('event', onEvent);
    const timer = setInterval(() => void recompute(), settings.intervalMs);

    node.on('input', (msg: NodeMessage, _send: unknown, done: (err?: Error) => void) => {
      const p = msg.payload;
      if (isRecord(p) && typeof p.group === 'string') {
        const limit = { limitA: p.limitA as number | [number, number, number] | undefined, limitW: p.limitW as number | undefined };
        const bad = [limit.limitA, limit.limitW].flat().some((x) => x !== undefined && !(typeof x === 'number' && x >= 0));
        if (bad) return done(codedError('ValidationFailed', 'limitA (a number or [L1, L2, L3]) and limitW must be numbers of 0 or more'));
        try {
          allocator.setExternalLimit(p.group, limit);
        } catch (err) {
          return done(codedError('ValidationFailed', (err as Error).message));
        }
      } else if (!(isRecord(p) && p.recompute === true)) {
        return done(codedError('ValidationFailed', 'msg.payload must be {group, limitA?, limitW?} (a live limit) or {recompute: true}'));
      }
      recompute().then(() => done(), (err: Error) => done(err));
    });
    node.on('close', () => {
      clearInterval(timer);
      if (pending) clearTimeout(pending);
      csms?.off('event', onEvent);
    });
  }
  RED.nodes.registerType(TYPE, PowerAllocatorNode as never);
}
