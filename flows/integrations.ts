/**
 * The examples under integrations/: how a site's building systems reach the charging park. Each uses one
 * third-party node package (named in its opening comment and, with the version these flows were written against,
 * in its global-config module list, so the editor offers to install it) or Node-RED's own MQTT nodes; everything
 * else is core nodes and ours.
 *
 * Four of them feed the power left for charging (a site meter, a BMS set-point, PV production) into the same chain:
 * ignore small changes, then the site's live limit for evc-power-allocator, which shares it among the EVSEs.
 */
import { stableId } from './ids';
import type { FlowNode } from './quickstart';

const FOLDER = 'integrations';
const CSMS_ID = stableId('examples', 'csms');

/** The examples' CSMS (the same config node as the node examples, so importing several opens one server). */
function csms(): FlowNode {
  return {
    id: CSMS_ID, type: 'evc-csms', name: 'Example CSMS', port: 9220, host: '0.0.0.0', path: '/ocpp', protocols: 'ocpp2.0.1,ocpp1.6',
    securityProfile: '0', registry: 'open', bootUnknown: 'Accepted', heartbeatInterval: 300, pingInterval: 30, callTimeout: 30,
    authorizeBy: 'driver', startTransactionBy: 'driver', stopTransactionBy: 'driver', transactionEventBy: 'driver', flowTimeout: 10,
    defaultIdTagStatus: 'Accepted', dataTransferStatus: 'UnknownVendorId', persist: true, maxPayload: 65536, certFile: '', keyFile: '', caFile: '',
  };
}

type Build = (id: (role: string) => string, z: string) => FlowNode[];

function integration(name: string, text: string, modules: Record<string, string>, build: Build): [string, FlowNode[]] {
  const id = (role: string) => stableId('integrations', name, role);
  const z = id('tab');
  const nodes: FlowNode[] = [
    { id: z, type: 'tab', label: name, disabled: false, info: text, env: [] },
    { id: id('comment'), type: 'comment', z, name: text, info: '', x: 330, y: 40, wires: [] },
    ...build(id, z),
  ];
  // The editor reads the modules a flow needs from its global-config node and offers to install the missing ones.
  if (Object.keys(modules).length) nodes.push({ id: id('modules'), type: 'global-config', env: [], modules });
  return [`${FOLDER}/${name}`, nodes];
}

/** A function node, with the fields the editor writes for one. */
export const fn = (nodeId: string, z: string, name: string, func: string, x: number, y: number, wires: string[][]): FlowNode =>
  ({ id: nodeId, type: 'function', z, name, func, outputs: wires.length, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [], x, y, wires });

/** The park these examples share the power of: four 3-phase EVSEs of 32 A, CP001 to CP004. */
const SITE_TREE = JSON.stringify({
  voltageV: 230,
  root: { id: 'site', children: ['CP001', 'CP002', 'CP003', 'CP004'].map((station) => ({ station, evse: 1 })) },
}, null, 2);

/**
 * msg.payload, the kW left for charging → at most one update per 2 kW change → the site's live power limit →
 * evc-power-allocator, which shares it among the EVSEs in charge and sends each its limit.
 */
function shareAmongStations(id: (role: string) => string, z: string, y: number): { entry: string; nodes: FlowNode[] } {
  return {
    entry: id('deadband'),
    nodes: [
      {
        id: id('deadband'), type: 'rbe', z, name: 'changed by 2 kW or more', func: 'deadband', gap: '2', start: '', inout: 'out', septopics: false,
        property: 'payload', topi: 'topic', x: 560, y, wires: [[id('limit')]],
      },
      fn(id('limit'), z, 'site power limit', 'msg.payload = { group: \'site\', limitW: Math.max(0, msg.payload) * 1000 };\nreturn msg;', 760, y, [[id('allocator')]]),
      {
        id: id('allocator'), type: 'evc-power-allocator', z, name: 'share among the EVSEs', csms: CSMS_ID, tree: SITE_TREE, interval: 10, thresholdA: 1,
        unit: 'W', stackLevel: 5, x: 580, y: y + 60, wires: [[]],
      },
    ],
  };
}

/** Site meter registers (FC 3, two 16-bit words of a big-endian float) → building load in kW. */
const FLOAT_FROM_REGISTERS = `const words = msg.payload;
if (!Array.isArray(words) || words.length < 2) return null;
const buffer = Buffer.alloc(4);
buffer.writeUInt16BE(words[0], 0);
buffer.writeUInt16BE(words[1], 2);
msg.payload = buffer.readFloatBE(0);
return msg;`;

const CONTRACT_KW = 250;

export function integrationFlows(): Array<[string, FlowNode[]]> {
  return [
    integration('Modbus TCP site meter',
      `node-red-contrib-modbus: the site meter's active power (kW, FC 3 holding registers 3059-3060 as a float) every 5 s; the ${CONTRACT_KW} kW contract less the building's load is shared among the charging stations.`,
      { 'node-red-contrib-modbus': '5.45.2' }, (id, z) => {
        const chain = shareAmongStations(id, z, 160);
        return [
          csms(),
          {
            id: id('meter'), type: 'modbus-client', name: 'site meter', clienttype: 'tcp', bufferCommands: true, stateLogEnabled: false, queueLogEnabled: false,
            failureLogEnabled: true, tcpHost: '192.168.1.50', tcpPort: 502, tcpType: 'DEFAULT', serialPort: '/dev/ttyUSB', serialType: 'RTU-BUFFERD',
            serialBaudrate: 9600, serialDatabits: 8, serialStopbits: 1, serialParity: 'none', serialConnectionDelay: 100,
            serialAsciiResponseStartDelimiter: '0x3A', unit_id: 1, commandDelay: 1, clientTimeout: 1000, reconnectOnTimeout: true, reconnectTimeout: 2000,
            parallelUnitIdsAllowed: true, showErrors: false, showWarnings: true, showLogs: true,
          },
          {
            id: id('read'), type: 'modbus-read', z, name: 'active power', topic: 'site/power', showStatusActivities: false, logIOActivities: false,
            showErrors: false, showWarnings: true, unitid: '1', dataType: 'HoldingRegister', adr: '3059', quantity: '2', rate: '5', rateUnit: 's',
            delayOnStart: false, enableDeformedMessages: false, startDelayTime: '', server: id('meter'), useIOFile: false, ioFile: '', useIOForPayload: false,
            emptyMsgOnFail: false, x: 130, y: 160, wires: [[id('decode')], []],
          },
          fn(id('decode'), z, 'building load (kW)', FLOAT_FROM_REGISTERS, 330, 120, [[id('left')]]),
          fn(id('left'), z, 'left for charging', `msg.payload = Math.max(0, ${CONTRACT_KW} - msg.payload);\nreturn msg;`, 360, 200, [[chain.entry]]),
          ...chain.nodes,
        ];
      }),
    integration('KNX building set-point',
      'node-red-contrib-knx-ultimate: the BMS writes the power the park may draw (DPT 9.024, kW) to group address 1/7/1; it is shared among the stations.',
      // No version pinned: the KNX package is not in the registry our builds reach, so none was checked.
      {}, (id, z) => {
        const chain = shareAmongStations(id, z, 160);
        return [
          csms(),
          {
            id: id('gateway'), type: 'knxUltimate-config', host: '224.0.23.12', port: 3671, physAddr: '15.15.22', hostProtocol: 'Multicast',
            suppressACKRequest: false, csv: '', KNXEthInterface: 'Auto', KNXEthInterfaceManuallyInput: '', stopETSImportIfNoDatapoint: 'stop',
            loglevel: 'error', name: 'KNX gateway', localEchoInTunneling: true, delaybetweentelegrams: 50, delaybetweentelegramsfurtherdelayREAD: 1,
            ignoreTelegramsWithRepeatedFlag: false, keyringFileXML: '', knxSecureSelected: false, autoReconnect: true,
          },
          {
            id: id('setpoint'), type: 'knxUltimate', z, server: id('gateway'), topic: '1/7/1', setTopicType: 'str', outputtopic: '', dpt: '9.024',
            initialread: 1, notifyreadrequest: false, notifyresponse: true, notifywrite: true, notifyreadrequestalsorespondtobus: false,
            notifyreadrequestalsorespondtobusdefaultvalueifnotinitialized: '0', listenallga: false, name: 'EV power set-point', outputtype: 'write',
            outputRBE: 'false', inputRBE: 'false', formatmultiplyvalue: 1, formatnegativevalue: 'leave', formatdecimalsvalue: 999, passthrough: 'no',
            sendMsgToKNXCode: '', receiveMsgFromKNXCode: '', x: 160, y: 160, wires: [[id('number')]],
          },
          fn(id('number'), z, 'kW', 'msg.payload = Number(msg.payload);\nreturn Number.isFinite(msg.payload) ? msg : null;', 360, 160, [[chain.entry]]),
          ...chain.nodes,
        ];
      }),
    integration('MQTT PV production',
      'MQTT (Node-RED\'s own nodes): the grid allowance plus the PV production published on site/pv/power_w is shared among the stations; every station event goes out on evcharge/<station>/<event>.',
      {}, (id, z) => {
        const chain = shareAmongStations(id, z, 160);
        return [
          csms(),
          {
            id: id('broker'), type: 'mqtt-broker', name: 'site broker', broker: '127.0.0.1', port: '1883', clientid: '', autoConnect: true, usetls: false,
            protocolVersion: '4', keepalive: '60', cleansession: true, autoUnsubscribe: true, birthTopic: '', birthQos: '0', birthPayload: '', birthMsg: {},
            closeTopic: '', closeQos: '0', closePayload: '', closeMsg: {}, willTopic: '', willQos: '0', willPayload: '', willMsg: {}, userProps: '', sessionExpiry: '',
          },
          {
            id: id('pv'), type: 'mqtt in', z, name: 'PV production (W)', topic: 'site/pv/power_w', qos: '1', datatype: 'auto-detect', broker: id('broker'),
            nl: false, rap: true, rh: 0, inputs: 0, x: 150, y: 160, wires: [[id('left')]],
          },
          fn(id('left'), z, 'grid 60 kW + PV', 'const pvW = Number(msg.payload);\nif (!Number.isFinite(pvW)) return null;\nmsg.payload = 60 + Math.max(0, pvW) / 1000;\nreturn msg;', 360, 160, [[chain.entry]]),
          ...chain.nodes,
          { id: id('events'), type: 'evc-ocpp-in', z, name: 'station events', csms: CSMS_ID, stationId: '', actions: '', events: '', onlyFlowAnswered: false, x: 150, y: 300, wires: [[id('topic')]] },
          fn(id('topic'), z, 'evcharge/<station>/<event>', 'msg.topic = `evcharge/${msg.event.stationId}/${msg.event.type}`;\nmsg.payload = msg.event;\nreturn msg;', 380, 300, [[id('publish')]]),
          { id: id('publish'), type: 'mqtt out', z, name: 'publish', topic: '', qos: '0', retain: 'false', respTopic: '', contentType: '', userProps: '', correl: '', expiry: '', broker: id('broker'), x: 600, y: 300, wires: [] },
        ];
      }),
    integration('OPC UA site limit',
      'node-red-contrib-opcua: the power the park may draw (kW) is read from the BMS OPC UA server (ns=2;s=Site.EvPowerLimit) by subscription; it is shared among the stations.',
      { 'node-red-contrib-opcua': '0.2.354' }, (id, z) => {
        const chain = shareAmongStations(id, z, 160);
        return [
          csms(),
          {
            id: id('endpoint'), type: 'OpcUa-Endpoint', name: 'BMS', endpoint: 'opc.tcp://192.168.1.60:4840', secpol: 'None', secmode: 'None', none: true,
            login: false, usercert: false, usercertificate: '', userprivatekey: '',
          },
          {
            id: id('start'), type: 'inject', z, name: 'subscribe', props: [{ p: 'payload' }], repeat: '', crontab: '', once: true, onceDelay: '2',
            topic: '', payload: '', payloadType: 'date', x: 120, y: 160, wires: [[id('item')]],
          },
          { id: id('item'), type: 'OpcUa-Item', z, item: 'ns=2;s=Site.EvPowerLimit', datatype: 'Double', value: null, name: 'EV power limit', x: 280, y: 160, wires: [[id('client')]] },
          {
            id: id('client'), type: 'OpcUa-Client', z, endpoint: id('endpoint'), action: 'subscribe', deadbandtype: 'a', deadbandvalue: 1, time: 5, timeUnit: 's',
            certificate: 'n', localfile: '', localkeyfile: '', securitymode: 'None', securitypolicy: 'None', useTransport: false, maxChunkCount: 1,
            maxMessageSize: 8192, receiveBufferSize: 8192, sendBufferSize: 8192, setstatusandtime: false, keepsessionalive: false, name: 'BMS',
            applicationName: '', applicationUri: '', x: 440, y: 160, wires: [[id('number')], [], []],
          },
          fn(id('number'), z, 'kW', 'msg.payload = Number(msg.payload);\nreturn Number.isFinite(msg.payload) ? msg : null;', 440, 220, [[chain.entry]]),
          ...chain.nodes.map((n) => ({ ...n, y: (n.y as number) + 100 })),
        ];
      }),
    integration('Alarm e-mail',
      'node-red-node-email: a connector that reports Faulted sends an e-mail to the maintenance team, at most one per station every 10 minutes.',
      { 'node-red-node-email': '5.2.5' }, (id, z) => [
        csms(),
        { id: id('status'), type: 'evc-ocpp-in', z, name: 'connector status', csms: CSMS_ID, stationId: '', actions: '', events: 'connector.status', onlyFlowAnswered: false, x: 150, y: 120, wires: [[id('faulted')]] },
        {
          id: id('faulted'), type: 'switch', z, name: 'Faulted?', property: 'event.status', propertyType: 'msg', rules: [{ t: 'eq', v: 'Faulted', vt: 'str' }],
          checkall: 'true', repair: false, outputs: 1, x: 350, y: 120, wires: [[id('station')]],
        },
        { id: id('station'), type: 'change', z, name: 'per station', rules: [{ t: 'set', p: 'topic', pt: 'msg', to: 'event.stationId', tot: 'msg' }], x: 520, y: 120, wires: [[id('limit')]] },
        fn(id('limit'), z, 'one per station / 10 min', `const sent = context.get('sent') || {};
const now = Date.now();
if (sent[msg.topic] !== undefined && now - sent[msg.topic] < 10 * 60 * 1000) return null;
sent[msg.topic] = now;
context.set('sent', sent);
return msg;`, 720, 120, [[id('mail')]]),
        fn(id('mail'), z, 'the e-mail', `const e = msg.event;
const where = e.evseId !== undefined ? ' EVSE ' + e.evseId + (e.connectorId !== undefined ? ', connector ' + e.connectorId : '') : '';
msg.to = 'maintenance@example.com';
msg.topic = 'Charging station ' + e.stationId + ' faulted' + (e.errorCode ? ': ' + e.errorCode : '');
msg.payload = [
  'Station: ' + e.stationId + where,
  'Status: ' + e.status + (e.errorCode ? ' (' + e.errorCode + ')' : ''),
  e.info ? 'Information: ' + e.info : '',
  e.vendorErrorCode ? 'Vendor error code: ' + e.vendorErrorCode : '',
  'Reported at: ' + e.timestamp,
].filter(Boolean).join('\\n');
return msg;`, 920, 120, [[id('send')]]),
        { id: id('send'), type: 'e-mail', z, server: 'smtp.example.com', port: '465', authtype: 'BASIC', saslformat: true, token: 'oauth2Response.access_token', secure: true, tls: true, name: '', dname: 'maintenance team', x: 1110, y: 120, wires: [] },
      ]),
  ];
}
