/**
 * Our Csms alone in its process, with the alarm router on (an AlarmService attached to it, as evc-alarm-router runs
 * it: the board's dead-band and flood cap from the options, every raise routed to e-mail and every transition to
 * MQTT) or off. Started as `child.js on <board options as JSON>` or `child.js off`; answers 'cpu', 'settle' and
 * 'count' over IPC.
 */
import { AlarmService } from '../../lib/alarms/service';
import type { BoardOptions } from '../../lib/alarms/board';
import { ALARM_STATES, AlarmState, AlarmTransition } from '../../lib/alarms/model';
import type { Channel, RoutedMessage, RouteRule } from '../../lib/alarms/routing';
import type { OcppEvent } from '../../lib/ocpp/events';
import { ready, serve } from '../ocpp/child-side';
import { serverCpu } from '../ocpp/run-queue';
import { ServerInfo } from '../ocpp/kinds';
import { benchCsms } from '../ocpp/ours';

export interface AlarmCount {
  /** connector.status events the CSMS emitted: one per StatusNotification answered. */
  statusAnswered: number;
  /** Alarm transitions by the state they entered (all zero with the router off). */
  transitions: Partial<Record<AlarmState, number>>;
  /** Messages routed, by channel. */
  routed: Partial<Record<Channel, number>>;
  /** Alarms raised (cause 'raise'), by type: a flood alarm would show here. */
  raisedByType: Record<string, number>;
  /** Distinct alarm ids raised over the whole run. */
  alarmIds: number;
}

/** What an operator would set up: every new alarm by e-mail, the whole life of every alarm on MQTT. */
export const RULES: RouteRule[] = [
  { name: 'raise by e-mail', to: [{ channel: 'email', to: 'ops@example.com' }] },
  { name: 'everything on MQTT', on: [...ALARM_STATES], to: [{ channel: 'mqtt' }] },
];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const [mode, boardJson] = process.argv.slice(2);
  if (mode !== 'on' && mode !== 'off') throw new Error(`mode must be on or off, got ${String(mode)}`);
  const board = JSON.parse(boardJson ?? '{}') as BoardOptions;
  const csms = benchCsms();
  const count: AlarmCount = { statusAnswered: 0, transitions: {}, routed: {}, raisedByType: {}, alarmIds: 0 };
  const ids = new Set<string>();
  // Listened to in both modes, so this counter costs both alike.
  csms.on('event', (e: OcppEvent) => { if (e.type === 'connector.status') count.statusAnswered++; });

  const attach = (): AlarmService => {
    const service = new AlarmService({ rules: RULES, language: 'en', board }, csms);
    service.on('transition', (t: AlarmTransition) => {
      count.transitions[t.to] = (count.transitions[t.to] ?? 0) + 1;
      if (t.cause === 'raise') {
        count.raisedByType[t.alarm.type] = (count.raisedByType[t.alarm.type] ?? 0) + 1;
        ids.add(t.alarm.id);
      }
    });
    service.on('routed', (m: RoutedMessage) => { count.routed[m.channel] = (count.routed[m.channel] ?? 0) + 1; });
    service.on('warn', (w: string) => console.error(`alarms child: ${w}`));
    service.start();
    return service;
  };
  let service = mode === 'on' ? attach() : undefined;

  const port = await csms.start();
  serve({
    cpu: serverCpu,
    /**
     * Waits until every fault's condition has returned (the dead-band of the storm's last recoveries has run out),
     * then puts a fresh service in place: each storm meets an empty board, so the flood cap's minute and the alarms
     * of the storm before do not carry over, and every storm is owed the same counts. A flood alarm, if the options
     * caused one, is not waited for: it lasts a quiet minute.
     */
    settle: async (): Promise<AlarmCount> => {
      if (service) {
        const deadline = Date.now() + (board.deadBandMs ?? 10_000) + 10_000;
        while (service.board.list().some((a) => a.active && a.type === 'fault')) {
          if (Date.now() > deadline) throw new Error('alarms still active long after the dead-band: a station never recovered?');
          await sleep(20);
        }
        service.stop();
        service = attach();
      }
      return { ...count, alarmIds: ids.size };
    },
    count: (): AlarmCount => ({ ...count, alarmIds: ids.size }),
  }, async () => {
    service?.stop();
    await csms.stop();
  });
  ready({ port, pid: process.pid } satisfies ServerInfo);
}

main().catch((err: unknown) => {
  console.error(`alarms child: ${String(err)}`);
  process.exit(1);
});
