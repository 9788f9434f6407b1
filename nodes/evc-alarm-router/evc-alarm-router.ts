/**
 * evc-alarm-router: the park's alarms (lib/alarms). With a CSMS, station faults, lost connections, failed updates,
 * security events and refused handshakes raise alarms by themselves; flows add theirs, evc-continuity's stalls and
 * evc-planner's vehicles at risk. Transitions are routed to e-mail, SMS, dashboard and MQTT outputs, journaled to
 * an evc-database, and acknowledged, shelved or listed by msg.
 */
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import type { AlarmTransition } from '../../lib/alarms/model';
import type { RoutedMessage } from '../../lib/alarms/routing';
import { AlarmService } from '../../lib/alarms/service';
import type { Csms } from '../../lib/ocpp/csms';
import type { DatabaseConfigNode } from '../evc-database/evc-database';
import { codedError, CsmsConfigNode } from '../shared/csms-link';
import { onOutput } from '../shared/outputs';
import { readConfig } from '../shared/read-config';
import { AlarmRouterNodeConfig, alarmRouterSettings } from './config';

const TYPE = 'evc-alarm-router';
/** Outputs: e-mail, SMS, dashboard, MQTT, then every transition and the answers to what flows asked. */
const CHANNELS = ['email', 'sms', 'dashboard', 'mqtt'] as const;
const OUTPUTS = CHANNELS.length + 1;

export default function register(RED: NodeAPI): void {
  function AlarmRouterNode(this: Node, config: NodeDef & AlarmRouterNodeConfig) {
    RED.nodes.createNode(this, config);
    const node = this;
    const settings = readConfig(RED, node, TYPE, () => alarmRouterSettings(config));
    if (!settings) return;
    const csms: Csms | undefined = config.csms ? (RED.nodes.getNode(config.csms) as CsmsConfigNode | null)?.csms ?? undefined : undefined;
    const database = config.database ? (RED.nodes.getNode(config.database) as DatabaseConfigNode | null)?.database : undefined;
    const service = new AlarmService(settings, csms, database ? (records) => {
      try {
        database.push(records);
      } catch (err) {
        node.warn(`alarm journal: ${String(err)}`);
      }
    } : undefined);
    const out = (index: number, msg: NodeMessage) => node.send(onOutput(OUTPUTS, index, msg));
    const showStatus = () => {
      const list = service.board.list();
      const owed = list.filter((a) => a.state === 'unacknowledged' || a.state === 'returned').length;
      const active = list.filter((a) => a.active && a.state !== 'shelved' && a.state !== 'suppressed').length;
      node.status(owed
        ? { fill: 'red', shape: 'dot', text: RED._(`${TYPE}.status.owed`, { owed, active }) }
        : { fill: active ? 'yellow' : 'green', shape: active ? 'dot' : 'ring', text: RED._(`${TYPE}.status.quiet`, { active }) });
    };
    service.on('routed', (m: RoutedMessage) => out(CHANNELS.indexOf(m.channel), { ...m.msg, alarmId: m.alarmId, rule: m.rule, escalation: m.escalation } as NodeMessage));
    service.on('transition', (t: AlarmTransition) => {
      out(CHANNELS.length, { topic: `alarm/${t.to}`, payload: t } as NodeMessage);
      showStatus();
    });
    service.on('warn', (w: string) => node.warn(w));
    service.on('recovery', (r: { stationId: string; type: string; status: string }) => node.log(`${r.stationId}: automatic ${r.type} reset, ${r.status}`));
    service.start();
    showStatus();
    const unwatch = database ? service.watchArchive(database) : undefined;
    // What was open before a restart comes back from the journal.
    database?.openAlarms().then((rows) => {
      if (service.restore(rows)) showStatus();
    }, (err: Error) => node.warn(`alarms not restored from the archive: ${err.message}`));

    node.on('input', (msg: NodeMessage, send: (m: NodeMessage | Array<NodeMessage | null>) => void, done: (err?: Error) => void) => {
      const result = service.apply(msg.payload, typeof (msg as { by?: unknown }).by === 'string' ? (msg as { by?: string }).by : undefined);
      if (typeof result === 'string') return done(codedError(/^no alarm /.test(result) ? 'NotFound' : 'ValidationFailed', result));
      const answer = 'list' in result ? result.list : 'transitions' in result ? result.transitions : result;
      send(onOutput(OUTPUTS, CHANNELS.length, { ...msg, topic: 'answer', payload: answer } as NodeMessage));
      done();
    });
    node.on('close', (_removed: boolean, closed: () => void) => {
      unwatch?.();
      service.stop();
      closed();
    });
  }
  RED.nodes.registerType(TYPE, AlarmRouterNode as never);
}
