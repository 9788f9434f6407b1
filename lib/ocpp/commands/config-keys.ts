/**
 * Configuration keys across versions: 1.6 has flat key names, 2.0.1 has component/variable pairs. Well-known 1.6 keys
 * map to their 2.0.1 device-model variables (and back), so one flow can configure stations of both versions.
 */
import { Params, fail } from './params';

/** 1.6 key -> 2.0.1 'Component.Variable': the standardized device-model variable that took over the key's role. */
export const KEY_16_TO_201: Readonly<Record<string, string>> = {
  HeartbeatInterval: 'OCPPCommCtrlr.HeartbeatInterval',
  MeterValueSampleInterval: 'SampledDataCtrlr.TxUpdatedInterval',
  ClockAlignedDataInterval: 'AlignedDataCtrlr.Interval',
  ConnectionTimeOut: 'TxCtrlr.EVConnectionTimeOut',
  WebSocketPingInterval: 'OCPPCommCtrlr.WebSocketPingInterval',
  LocalAuthorizeOffline: 'AuthCtrlr.LocalAuthorizeOffline',
  LocalPreAuthorize: 'AuthCtrlr.LocalPreAuthorize',
  AuthorizeRemoteTxRequests: 'AuthCtrlr.AuthorizeRemoteStart',
  MeterValuesSampledData: 'SampledDataCtrlr.TxUpdatedMeasurands',
  MeterValuesAlignedData: 'AlignedDataCtrlr.Measurands',
  StopTxnSampledData: 'SampledDataCtrlr.TxEndedMeasurands',
  StopTxnAlignedData: 'AlignedDataCtrlr.TxEndedMeasurands',
  StopTransactionOnEVSideDisconnect: 'TxCtrlr.StopTxOnEVSideDisconnect',
  StopTransactionOnInvalidId: 'TxCtrlr.StopTxOnInvalidId',
  LocalAuthListEnabled: 'LocalAuthListCtrlr.Enabled',
  AuthorizationCacheEnabled: 'AuthCacheCtrlr.Enabled',
  ResetRetries: 'OCPPCommCtrlr.ResetRetries',
  TransactionMessageAttempts: 'OCPPCommCtrlr.MessageAttempts',
  TransactionMessageRetryInterval: 'OCPPCommCtrlr.MessageAttemptInterval',
};

/** 2.0.1 'Component.Variable' -> 1.6 key. */
export const KEY_201_TO_16: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(KEY_16_TO_201).map(([k16, k201]) => [k201, k16]),
);

export const ATTRIBUTE_TYPES = ['Actual', 'Target', 'MinSet', 'MaxSet'] as const;

export interface VariableRef {
  component: { name: string; instance?: string; evse?: { id: number; connectorId?: number } };
  variable: { name: string; instance?: string };
  attributeType?: (typeof ATTRIBUTE_TYPES)[number];
}

/** A key as the caller gave it: plain text (1.6 name or 'Component.Variable') or a structured 2.0.1 reference. */
export type ConfigKey = { text: string } | { ref: VariableRef };

/** Reads the key held in `p[name]`. */
export function readKey(p: Params, name: string): ConfigKey {
  const raw = p.raw(name);
  if (typeof raw !== 'object' || raw === null) return { text: p.reqStr(name).trim() };
  const o = p.reqObj(name);
  const component = named(o, 'component');
  const evse = typeof o.raw('component') === 'object' ? readEvse(o.reqObj('component')) : undefined;
  return {
    ref: {
      component: { name: component.name, instance: component.instance, evse },
      variable: named(o, 'variable'),
      attributeType: o.choice('attributeType', ATTRIBUTE_TYPES),
    },
  };
}

/** A component or variable given either as its name or as {name, instance?}. */
function named(o: Params, field: string): { name: string; instance?: string } {
  const inner = typeof o.raw(field) === 'object' ? o.reqObj(field) : undefined;
  if (!inner) return { name: o.reqStr(field) };
  return { name: inner.reqStr('name'), instance: inner.str('instance') };
}

function readEvse(component: Params): VariableRef['component']['evse'] {
  const raw = component.raw('evse');
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object') return { id: component.reqInt('evse', { min: 0 }) };
  const evse = component.reqObj('evse');
  return { id: evse.reqInt('id', { min: 0 }), connectorId: evse.int('connectorId', { min: 0 }) };
}

/** The 1.6 key for a key; free text passes unchanged since 1.6 vendors may define any key name. */
export function keyFor16(p: Params, key: ConfigKey): string {
  if ('text' in key) return KEY_201_TO_16[key.text] ?? key.text;
  const { component, variable, attributeType } = key.ref;
  const mapped = KEY_201_TO_16[`${component.name}.${variable.name}`];
  const plain = !component.instance && !component.evse && !variable.instance && (!attributeType || attributeType === 'Actual');
  if (!mapped || !plain) fail(`${p.command}: ${component.name}.${variable.name} has no OCPP 1.6 configuration key`);
  return mapped;
}

/** The 2.0.1 component/variable for a key: a known 1.6 name through the table, else 'Component.Variable'. */
export function keyFor201(p: Params, key: ConfigKey): VariableRef {
  if ('ref' in key) return key.ref;
  const text = KEY_16_TO_201[key.text] ?? key.text;
  const dot = text.indexOf('.');
  if (dot <= 0 || dot === text.length - 1) {
    fail(`${p.command}: ${JSON.stringify(key.text)} is not a known OCPP 1.6 key; name it as Component.Variable on OCPP 2.0.1`);
  }
  return { component: { name: text.slice(0, dot) }, variable: { name: text.slice(dot + 1) } };
}
