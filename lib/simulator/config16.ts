/**
 * The configuration keys of a 1.6 station (C16 §9): GetConfiguration and ChangeConfiguration. Keys that steer the
 * simulation read and write the shared settings; the others are kept as text so the CSMS sees what it set.
 */
import type { Payload } from '../ocpp/frames';
import { StationRuntime } from './runtime';
import { parseBool, parseCount, parseMeasurands, secondsOf } from './settings';

type Kind = 'int' | 'bool' | 'text' | 'measurands';

interface KeyDef {
  kind: Kind;
  readonly?: boolean;
  /** Initial value of a stored key. */
  value?: string;
  /** A key backed by a setting. */
  get?(rt: StationRuntime): string;
  set?(rt: StationRuntime, value: string): void;
}

const PROFILES = 'Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger';
const MAX_KEYS = 50;

function keys(connectors: number): Record<string, KeyDef> {
  return {
    HeartbeatInterval: {
      kind: 'int', get: (rt) => String(rt.settings.values.heartbeatS), set: (rt, v) => rt.settings.set('heartbeatS', Number(v)),
    },
    MeterValueSampleInterval: {
      kind: 'int', get: (rt) => secondsOf(rt.settings.values.meterIntervalMs), set: (rt, v) => rt.settings.set('meterIntervalMs', Number(v) * 1000),
    },
    MeterValuesSampledData: {
      kind: 'measurands', get: (rt) => rt.settings.values.measurands.join(','),
      set: (rt, v) => rt.settings.set('measurands', parseMeasurands(v) ?? []),
    },
    MeterValuesSampledDataMaxLength: { kind: 'int', readonly: true, value: '5' },
    AuthorizeRemoteTxRequests: {
      kind: 'bool', get: (rt) => String(rt.settings.values.authorizeRemoteStart),
      set: (rt, v) => rt.settings.set('authorizeRemoteStart', parseBool(v) === true),
    },
    StopTransactionOnEVSideDisconnect: {
      kind: 'bool', get: (rt) => String(rt.settings.values.stopOnEVSideDisconnect),
      set: (rt, v) => rt.settings.set('stopOnEVSideDisconnect', parseBool(v) === true),
    },
    NumberOfConnectors: { kind: 'int', readonly: true, value: String(connectors) },
    SupportedFeatureProfiles: { kind: 'text', readonly: true, value: PROFILES },
    ClockAlignedDataInterval: { kind: 'int', value: '0' },
    MeterValuesAlignedData: { kind: 'measurands', value: 'Energy.Active.Import.Register' },
    StopTxnSampledData: { kind: 'measurands', value: 'Energy.Active.Import.Register,SoC' },
    StopTxnAlignedData: { kind: 'measurands', value: '' },
    ConnectionTimeOut: { kind: 'int', value: '60' },
    ConnectorPhaseRotation: { kind: 'text', value: 'NotApplicable' },
    GetConfigurationMaxKeys: { kind: 'int', readonly: true, value: String(MAX_KEYS) },
    LocalAuthorizeOffline: { kind: 'bool', value: 'true' },
    LocalPreAuthorize: { kind: 'bool', value: 'false' },
    AllowOfflineTxForUnknownId: { kind: 'bool', value: 'false' },
    AuthorizationCacheEnabled: { kind: 'bool', value: 'true' },
    StopTransactionOnInvalidId: { kind: 'bool', value: 'true' },
    UnlockConnectorOnEVSideDisconnect: { kind: 'bool', value: 'true' },
    ResetRetries: { kind: 'int', value: '1' },
    TransactionMessageAttempts: { kind: 'int', value: '3' },
    TransactionMessageRetryInterval: { kind: 'int', value: '10' },
    WebSocketPingInterval: { kind: 'int', value: '0' },
    LocalAuthListEnabled: { kind: 'bool', value: 'true' },
    LocalAuthListMaxLength: { kind: 'int', readonly: true, value: '1000' },
    SendLocalListMaxLength: { kind: 'int', readonly: true, value: '100' },
    ReserveConnectorZeroSupported: { kind: 'bool', readonly: true, value: 'false' },
    ChargeProfileMaxStackLevel: { kind: 'int', readonly: true, value: '10' },
    ChargingScheduleAllowedChargingRateUnit: { kind: 'text', readonly: true, value: 'Current,Power' },
    ChargingScheduleMaxPeriods: { kind: 'int', readonly: true, value: '24' },
    MaxChargingProfilesInstalled: { kind: 'int', readonly: true, value: '10' },
  };
}

function valid(kind: Kind, value: string): boolean {
  switch (kind) {
    case 'int': return parseCount(value) !== undefined;
    case 'bool': return parseBool(value) !== undefined;
    case 'measurands': return parseMeasurands(value) !== undefined;
    default: return value.length <= 500;
  }
}

export class Config16 {
  private readonly defs: Record<string, KeyDef>;
  private readonly stored = new Map<string, string>();

  constructor(private readonly rt: StationRuntime) {
    this.defs = keys(rt.connectors.length);
    for (const [key, def] of Object.entries(this.defs)) if (def.value !== undefined) this.stored.set(key, def.value);
  }

  /** No keys asked means all of them. */
  get(requested: string[] | undefined): Payload {
    const asked = requested && requested.length > 0 ? requested : Object.keys(this.defs);
    const configurationKey: Payload[] = [];
    const unknownKey: string[] = [];
    for (const key of asked) {
      const def = this.defs[key];
      if (!def) unknownKey.push(key);
      else configurationKey.push({ key, readonly: def.readonly === true, value: this.value(key, def) });
    }
    return { configurationKey, unknownKey };
  }

  change(key: string, value: string): 'Accepted' | 'Rejected' | 'NotSupported' {
    const def = this.defs[key];
    if (!def) return 'NotSupported';
    if (def.readonly || !valid(def.kind, value)) return 'Rejected';
    const text = def.kind === 'bool' ? value.trim().toLowerCase() : value.trim();
    if (def.set) def.set(this.rt, text);
    else this.stored.set(key, text);
    return 'Accepted';
  }

  private value(key: string, def: KeyDef): string {
    return def.get ? def.get(this.rt) : this.stored.get(key) ?? '';
  }
}
