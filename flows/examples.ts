/**
 * The example flows shown under Import > Examples, one use case per file, each opening with a comment.
 * Generated here and checked in under examples/; a test keeps the two in step.
 */
import { stableId } from './ids';
import type { FlowNode } from './quickstart';

// Every example shares one CSMS config node (same id), so importing several does not open several servers.
const CSMS_ID = stableId('examples', 'csms');

function csms(extra: Record<string, unknown> = {}): FlowNode {
  return {
    id: CSMS_ID, type: 'evc-csms', name: 'Example CSMS', port: 9220, host: '0.0.0.0', path: '/ocpp', protocols: 'ocpp2.0.1,ocpp1.6',
    securityProfile: '0', registry: 'open', bootUnknown: 'Accepted', heartbeatInterval: 300, pingInterval: 30, callTimeout: 30,
    authorizeBy: 'driver', startTransactionBy: 'driver', stopTransactionBy: 'driver', transactionEventBy: 'driver', flowTimeout: 10,
    defaultIdTagStatus: 'Accepted', dataTransferStatus: 'UnknownVendorId', persist: true, maxPayload: 65536, certFile: '', keyFile: '', caFile: '',
    ...extra,
  };
}

function example(name: string, text: string, build: (id: (role: string) => string, tab: string) => FlowNode[]): [string, FlowNode[]] {
  const id = (role: string) => stableId('examples', name, role);
  const tab = id('tab');
  const comment: FlowNode = { id: id('comment'), type: 'comment', z: tab, name: text, info: '', x: 300, y: 40, wires: [] };
  return [name, [{ id: tab, type: 'tab', label: name.replace(/^\d+ - /, ''), disabled: false, info: text, env: [] }, comment, ...build(id, tab)]];
}

const debug = (id: string, tab: string, x: number, y: number, name: string, complete = 'true'): FlowNode => ({
  id, type: 'debug', z: tab, name, active: true, tosidebar: true, console: false, tostatus: false,
  complete, targetType: complete === 'true' ? 'full' : 'msg', x, y, wires: [],
});

export function exampleFlows(): Array<[string, FlowNode[]]> {
  return [
    example('01 - Station events', 'Every message from every station, as version-neutral events (msg.event). Connect a station to ws://<host>:9220/ocpp/<identity>.', (id, z) => [
      csms(),
      { id: id('in'), type: 'evc-ocpp-in', z, name: 'all events', csms: CSMS_ID, stationId: '', actions: '', events: '', onlyFlowAnswered: false, x: 140, y: 100, wires: [[id('debug')]] },
      debug(id('debug'), z, 380, 100, 'event', 'event'),
      { id: id('tx'), type: 'evc-ocpp-in', z, name: 'transactions ended', csms: CSMS_ID, stationId: '', actions: '', events: 'transaction.ended', onlyFlowAnswered: false, x: 160, y: 160, wires: [[id('energy')]] },
      { id: id('energy'), type: 'change', z, name: 'energy (Wh)', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'event.energyWh', tot: 'msg' }], x: 380, y: 160, wires: [[id('debug2')]] },
      debug(id('debug2'), z, 580, 160, 'energy', 'payload'),
    ]),
    example('02 - Authorize from the flow', 'The CSMS leaves Authorize to the flow: badges in the allow-list are accepted, others blocked. Without an answer within the flow timeout, the default answer goes out.', (id, z) => [
      csms({ authorizeBy: 'flow', defaultIdTagStatus: 'Invalid' }),
      { id: id('in'), type: 'evc-ocpp-in', z, name: 'Authorize', csms: CSMS_ID, stationId: '', actions: 'Authorize', events: '', onlyFlowAnswered: true, x: 130, y: 100, wires: [[id('decide')]] },
      {
        id: id('decide'), type: 'function', z, name: 'allow-list', outputs: 1, x: 330, y: 100, wires: [[id('res')]],
        func: "const allowed = ['BADGE-001', 'BADGE-002'];\nconst tag = msg.event.idTag;\nconst status = allowed.includes(tag) ? 'Accepted' : 'Blocked';\n// The answer in the station's own version.\nmsg.payload = msg.ocpp.version === '1.6' ? { idTagInfo: { status } } : { idTokenInfo: { status } };\nreturn msg;",
      },
      { id: id('res'), type: 'evc-ocpp-response', z, name: 'answer', csms: CSMS_ID, x: 530, y: 100, wires: [] },
    ]),
    example('03 - Send a command', 'Version-neutral commands: the same message resets a 1.6 or a 2.0.1 station. Set the station id in the inject nodes. Failures reach the Catch node with msg.error.code.', (id, z) => [
      csms(),
      { id: id('reset'), type: 'inject', z, name: 'soft reset CP001', props: [{ p: 'payload' }, { p: 'stationId', v: 'CP001', vt: 'str' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', payload: '{"command":"reset","type":"Soft"}', payloadType: 'json', x: 150, y: 100, wires: [[id('cmd')]] },
      { id: id('start'), type: 'inject', z, name: 'remote start CP001', props: [{ p: 'payload' }, { p: 'stationId', v: 'CP001', vt: 'str' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', payload: '{"command":"remoteStart","evseId":1,"idTag":"BADGE-001"}', payloadType: 'json', x: 160, y: 140, wires: [[id('cmd')]] },
      { id: id('raw'), type: 'inject', z, name: 'raw 1.6 GetConfiguration', props: [{ p: 'payload' }, { p: 'stationId', v: 'CP001', vt: 'str' }, { p: 'action', v: 'GetConfiguration', vt: 'str' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', payload: '{}', payloadType: 'json', x: 170, y: 180, wires: [[id('cmd')]] },
      { id: id('cmd'), type: 'evc-ocpp-command', z, name: 'command', csms: CSMS_ID, stationId: '', action: '', timeout: 30, x: 400, y: 140, wires: [[id('answer')]] },
      debug(id('answer'), z, 600, 140, 'answer', 'payload'),
      { id: id('catch'), type: 'catch', z, name: 'failed', scope: [id('cmd')], uncaught: false, x: 390, y: 220, wires: [[id('failure')]] },
      debug(id('failure'), z, 600, 220, 'failure', 'error'),
    ]),
    example('04 - Station state', 'The live state of every station (connection, boot data, connectors, open transactions, meter values), every 10 seconds.', (id, z) => [
      csms(),
      { id: id('tick'), type: 'inject', z, name: 'every 10 s', props: [], repeat: '10', crontab: '', once: true, onceDelay: 1, topic: '', x: 140, y: 100, wires: [[id('state')]] },
      { id: id('state'), type: 'evc-stations', z, name: 'all stations', csms: CSMS_ID, x: 330, y: 100, wires: [[id('summary')]] },
      {
        id: id('summary'), type: 'function', z, name: 'summary', outputs: 1, x: 510, y: 100, wires: [[id('debug')]],
        func: "msg.payload = msg.payload.map(s => ({ id: s.identity, connected: s.connected, connectors: s.connectors.map(c => c.status).join(','), charging: s.transactions.length }));\nreturn msg;",
      },
      debug(id('debug'), z, 690, 100, 'stations', 'payload'),
    ]),
    example('05 - Simulated park', 'Four virtual 1.6 stations connect to the example CSMS and charge at random: a live park without hardware. Send {"command":"stop"} to stop them.', (id, z) => [
      csms(),
      { id: id('sim'), type: 'evc-simulator', z, name: 'four stations', url: 'ws://127.0.0.1:9220/ocpp', count: 4, version: '1.6', prefix: 'DEMO', connectors: 2, maxPower: 22, meterInterval: 15, autoStart: true, autoCharge: true, x: 160, y: 100, wires: [[id('simlog')]] },
      debug(id('simlog'), z, 380, 100, 'simulator', 'payload'),
      { id: id('in'), type: 'evc-ocpp-in', z, name: 'transactions', csms: CSMS_ID, stationId: 'DEMO*', actions: '', events: 'transaction.started,transaction.ended', onlyFlowAnswered: false, x: 150, y: 160, wires: [[id('txlog')]] },
      debug(id('txlog'), z, 380, 160, 'transactions', 'event'),
    ]),
  ];
}
