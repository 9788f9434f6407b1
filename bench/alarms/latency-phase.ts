/**
 * The measurement: latency of StatusNotification through a fault storm, with the alarm router off and on. Both
 * CSMS children run side by side for the whole measurement (an idle one costs nothing), each with its own fleet of
 * booted stations; the rounds alternate which goes first. Each window is one storm: it ends with every station
 * recovering, and the router-on child's alarms are let return (the dead-band) before its next storm. Latency
 * percentiles are taken over every call of all the rounds of a mode (a p99 of one window rests on its few slowest
 * calls); the CPU is the median over the rounds.
 */
import path from 'path';
import type { BoardOptions } from '../../lib/alarms/board';
import { Child } from '../ocpp/children';
import { cpuWindow } from '../ocpp/cpu';
import { combineWindows, LatencyFigures, OnOffRound, windowFigures } from '../ocpp/window-figures';

export type { LatencyFigures } from '../ocpp/window-figures';
import { ServerInfo, endpointOf } from '../ocpp/kinds';
import { Fleet, connectFleet, fixedRate } from '../ocpp/load';
import type { Log } from '../ocpp/load-phase';
import type { Samples } from '../ocpp/stats';
import type { AlarmCount } from './child';
import { AlarmBenchOptions, callRate } from './options';
import { FaultStormTraffic, recoverAll } from './traffic';

export type RouterMode = 'off' | 'on';

export const ROUTER_MODES: readonly RouterMode[] = ['off', 'on'];

export type LatencyRound = OnOffRound;

/** StatusNotification calls a fleet made over the whole run (warm-ups and recoveries included), and those answered. */
export interface CallCount {
  sent: number;
  faults: number;
  /** connector.status events its CSMS emitted. */
  answered: number;
}

export interface StormPhaseFigures extends LatencyRound {
  rounds: LatencyRound[];
  calls: Record<RouterMode, CallCount>;
  /** The router-on child's alarms over the whole run, once the last storm's alarms have returned. */
  alarms: AlarmCount;
  /** Storms the router-on child went through: one per round. */
  storms: number;
}

interface Target {
  mode: RouterMode;
  child: Child;
  traffic: FaultStormTraffic[];
  fleet?: Fleet;
}

const CHILD = path.resolve(__dirname, 'child.js');

function startChild(mode: RouterMode, o: AlarmBenchOptions): Promise<Child> {
  const profile = o.cpuProfDir
    ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`, `--cpu-prof-name=alarms-${mode}-${Date.now()}.cpuprofile`] : [];
  const board: BoardOptions = { deadBandMs: o.deadBandS * 1000, floodPerMinute: o.flood };
  return Child.start(CHILD, mode === 'on' ? [mode, JSON.stringify(board)] : [mode], `csms alarms ${mode}`, profile);
}

async function oneStorm(t: Target, o: AlarmBenchOptions): Promise<{ figures: LatencyFigures; samples: Samples }> {
  const cpu = cpuWindow(t.child);
  const fleet = t.fleet as Fleet;
  const paced = await fixedRate(fleet, callRate(o), o.warmup * 1000, o.seconds * 1000, cpu.hooks);
  const c = await cpu.result();
  await recoverAll(fleet, t.traffic);
  return { samples: paced.samples, figures: windowFigures(paced, c, 1) };
}

export async function measureStorms(o: AlarmBenchOptions, log: Log): Promise<StormPhaseFigures> {
  const targets: Partial<Record<RouterMode, Target>> = {};
  try {
    for (const mode of ROUTER_MODES) {
      log(`  router ${mode}: ${o.stations} stations connect and boot`);
      const target: Target = { mode, child: await startChild(mode, o), traffic: Array.from({ length: o.stations }, () => new FaultStormTraffic()) };
      targets[mode] = target;
      target.fleet = await connectFleet(endpointOf(target.child.ready as ServerInfo), o.stations, `alarms-${mode}`, (i) => target.traffic[i]);
    }
    const on = targets.on as Target;
    const rounds: LatencyRound[] = [];
    const samples: Record<RouterMode, Samples[]> = { off: [], on: [] };
    for (let r = 0; r < o.rounds; r++) {
      const order = r % 2 === 0 ? ROUTER_MODES : [...ROUTER_MODES].reverse();
      const result = {} as LatencyRound;
      for (const mode of order) {
        // When the router-on child's storms follow each other, this waits out the dead-band of the one before.
        if (mode === 'on') await on.child.request('settle');
        log(`  round ${r + 1}/${o.rounds}, router ${mode}: ${o.stations} stations faulting ${o.perMinute} times a minute for ${o.seconds} s`);
        const storm = await oneStorm(targets[mode] as Target, o);
        result[mode] = storm.figures;
        samples[mode].push(storm.samples);
      }
      rounds.push(result);
    }
    log('  waiting for the last storm\'s alarms to return');
    const alarms = await on.child.request<AlarmCount>('settle');
    const calls = {} as Record<RouterMode, CallCount>;
    for (const mode of ROUTER_MODES) {
      const t = targets[mode] as Target;
      const answered = mode === 'on' ? alarms.statusAnswered : (await t.child.request<AlarmCount>('count')).statusAnswered;
      calls[mode] = { sent: t.traffic.reduce((n, x) => n + x.sent, 0), faults: t.traffic.reduce((n, x) => n + x.faults, 0), answered };
    }
    return {
      off: combineWindows(rounds.map((x) => x.off), samples.off), on: combineWindows(rounds.map((x) => x.on), samples.on), rounds,
      calls, alarms, storms: o.rounds,
    };
  } finally {
    await Promise.allSettled(Object.values(targets).map(async (t) => {
      await t.fleet?.close();
      await t.child.stop();
    }));
  }
}
