/**
 * The device model of a 2.0.1 station (B05–B08): the components and variables GetVariables, SetVariables and
 * GetBaseReport work on. Variables that steer the simulation read and write the shared settings.
 */
import type { Payload } from '../ocpp/frames';
import { formatTimestamp } from '../ocpp/time';
import { SUPPORTED_MEASURANDS } from './meter';
import { num, obj, str } from './payload';
import { StationRuntime } from './runtime';
import { parseBool, parseCount, parseMeasurands, secondsOf } from './settings';

type DataType = 'integer' | 'decimal' | 'boolean' | 'string' | 'dateTime' | 'MemberList';

interface Variable {
  component: string;
  componentInstance?: string;
  evse?: number;
  connector?: number;
  name: string;
  instance?: string;
  dataType: DataType;
  unit?: string;
  get(): string;
  /** Absent: read-only. Returns false when the value is refused. */
  set?(value: string): boolean;
  maxSet?(): string;
}

const REPORT_CHUNK = 20;

export class DeviceModel {
  private readonly variables: Variable[];
  private readonly stored = new Map<string, string>();

  constructor(private readonly rt: StationRuntime) {
    this.variables = [...this.station(), ...rt.connectors.flatMap((c) => this.evse(c.id))];
  }

  get(data: Payload[]): Payload {
    return {
      getVariableResult: data.map((d) => {
        const { component, variable } = this.names(d);
        const attributeType = str(d, 'attributeType');
        const found = this.find(d);
        if (typeof found === 'string') return { attributeStatus: found, attributeType, component, variable };
        const type = attributeType ?? 'Actual';
        const value = type === 'Actual' ? found.get() : type === 'MaxSet' ? found.maxSet?.() : undefined;
        if (value === undefined) return { attributeStatus: 'NotSupportedAttributeType', attributeType, component, variable };
        return { attributeStatus: 'Accepted', attributeType, attributeValue: value, component, variable };
      }),
    };
  }

  set(data: Payload[]): Payload {
    return {
      setVariableResult: data.map((d) => {
        const { component, variable } = this.names(d);
        const attributeType = str(d, 'attributeType');
        const found = this.find(d);
        let attributeStatus: string;
        if (typeof found === 'string') attributeStatus = found;
        else if ((attributeType ?? 'Actual') !== 'Actual') attributeStatus = 'NotSupportedAttributeType';
        else attributeStatus = found.set?.(str(d, 'attributeValue') ?? '') ? 'Accepted' : 'Rejected';
        return { attributeType, attributeStatus, component, variable };
      }),
    };
  }

  /** The NotifyReport messages of a GetBaseReport, REPORT_CHUNK variables each. */
  report(requestId: number, base: string): Array<{ action: string; payload: Payload }> {
    const chosen = this.variables.filter((v) => base === 'FullInventory'
      || (base === 'ConfigurationInventory' && v.set !== undefined)
      || (base === 'SummaryInventory' && v.name === 'AvailabilityState'));
    const generatedAt = formatTimestamp();
    const calls = [];
    for (let i = 0; i * REPORT_CHUNK < chosen.length; i++) {
      const part = chosen.slice(i * REPORT_CHUNK, (i + 1) * REPORT_CHUNK);
      calls.push({
        action: 'NotifyReport',
        payload: {
          requestId, generatedAt, seqNo: i, tbc: (i + 1) * REPORT_CHUNK < chosen.length, reportData: part.map((v) => this.describe(v)),
        },
      });
    }
    return calls;
  }

  private describe(v: Variable): Payload {
    const mutability = v.set ? 'ReadWrite' : 'ReadOnly';
    const attributes: Payload[] = [{ type: 'Actual', value: v.get(), mutability, persistent: true, constant: false }];
    if (v.maxSet) attributes.push({ type: 'MaxSet', value: v.maxSet(), mutability: 'ReadOnly', persistent: true, constant: true });
    return {
      component: this.componentOf(v),
      variable: { name: v.name, instance: v.instance },
      variableAttribute: attributes,
      variableCharacteristics: {
        dataType: v.dataType, unit: v.unit, supportsMonitoring: false,
        valuesList: v.dataType === 'MemberList' ? SUPPORTED_MEASURANDS.join(',') : undefined,
      },
    };
  }

  private componentOf(v: Variable): Payload {
    const evse = v.evse === undefined ? undefined : { id: v.evse, connectorId: v.connector };
    return { name: v.component, instance: v.componentInstance, evse };
  }

  /** The component and variable of a request, echoed in its result. */
  private names(d: Payload): { component: Payload; variable: Payload } {
    return { component: obj(d, 'component') ?? {}, variable: obj(d, 'variable') ?? {} };
  }

  private find(d: Payload): Variable | 'UnknownComponent' | 'UnknownVariable' {
    const component = obj(d, 'component');
    const variable = obj(d, 'variable');
    const evse = obj(component, 'evse');
    const evseId = num(evse, 'id');
    const connectorId = num(evse, 'connectorId');
    const inComponent = this.variables.filter((v) => v.component === str(component, 'name')
      && v.componentInstance === str(component, 'instance')
      && v.evse === evseId
      && (v.connector === connectorId || (connectorId === undefined && v.connector === 1)));
    if (inComponent.length === 0) return 'UnknownComponent';
    return inComponent.find((v) => v.name === str(variable, 'name') && v.instance === str(variable, 'instance')) ?? 'UnknownVariable';
  }

  /** A read-write variable kept as text, checked by `accept`. */
  private kept(component: string, name: string, dataType: DataType, initial: string, instance?: string): Variable {
    const key = `${component}.${name}.${instance ?? ''}`;
    this.stored.set(key, initial);
    const accept = (value: string): boolean => dataType === 'integer' ? parseCount(value) !== undefined
      : dataType === 'boolean' ? parseBool(value) !== undefined : value.length <= 1000;
    return {
      component, name, instance, dataType, get: () => this.stored.get(key) ?? initial,
      set: (value) => accept(value) && (this.stored.set(key, value.trim()), true),
    };
  }

  private fixed(component: string, name: string, dataType: DataType, get: () => string, instance?: string): Variable {
    return { component, name, instance, dataType, get };
  }

  private station(): Variable[] {
    const { rt } = this;
    const s = rt.settings;
    const o = rt.opts;
    const secure = o.url.toLowerCase().startsWith('wss:');
    const profile = o.password !== undefined ? (secure ? '2' : '1') : secure ? '3' : '0';
    const measurands = (key: 'measurands'): Variable['set'] => (value) => {
      const parsed = parseMeasurands(value);
      if (parsed) s.set(key, parsed);
      return parsed !== undefined;
    };
    return [
      {
        component: 'OCPPCommCtrlr', name: 'HeartbeatInterval', dataType: 'integer', unit: 's', get: () => String(s.values.heartbeatS),
        set: (v) => parseCount(v) !== undefined && (s.set('heartbeatS', Number(v)), true),
      },
      this.fixed('OCPPCommCtrlr', 'MessageTimeout', 'integer', () => String(Math.ceil(o.callTimeoutMs / 1000)), 'Default'),
      this.kept('OCPPCommCtrlr', 'WebSocketPingInterval', 'integer', '0'),
      this.kept('OCPPCommCtrlr', 'ResetRetries', 'integer', '1'),
      this.kept('OCPPCommCtrlr', 'OfflineThreshold', 'integer', '60'),
      this.kept('OCPPCommCtrlr', 'MessageAttempts', 'integer', '3', 'TransactionEvent'),
      this.kept('OCPPCommCtrlr', 'MessageAttemptInterval', 'integer', '10', 'TransactionEvent'),
      this.fixed('SampledDataCtrlr', 'Enabled', 'boolean', () => 'true'),
      {
        component: 'SampledDataCtrlr', name: 'TxUpdatedInterval', dataType: 'integer', unit: 's', get: () => secondsOf(s.values.meterIntervalMs),
        set: (v) => parseCount(v) !== undefined && (s.set('meterIntervalMs', Number(v) * 1000), true),
      },
      { component: 'SampledDataCtrlr', name: 'TxUpdatedMeasurands', dataType: 'MemberList', get: () => s.values.measurands.join(','), set: measurands('measurands') },
      this.fixed('SampledDataCtrlr', 'TxStartedMeasurands', 'MemberList', () => 'Energy.Active.Import.Register,SoC'),
      this.fixed('SampledDataCtrlr', 'TxEndedMeasurands', 'MemberList', () => 'Energy.Active.Import.Register,SoC'),
      this.kept('SampledDataCtrlr', 'TxEndedInterval', 'integer', '0'),
      this.kept('AlignedDataCtrlr', 'Interval', 'integer', '0'),
      this.kept('AlignedDataCtrlr', 'Measurands', 'string', 'Energy.Active.Import.Register'),
      this.kept('TxCtrlr', 'EVConnectionTimeOut', 'integer', '60'),
      {
        component: 'TxCtrlr', name: 'StopTxOnEVSideDisconnect', dataType: 'boolean', get: () => String(s.values.stopOnEVSideDisconnect),
        set: (v) => parseBool(v) !== undefined && (s.set('stopOnEVSideDisconnect', parseBool(v) === true), true),
      },
      this.kept('TxCtrlr', 'StopTxOnInvalidId', 'boolean', 'true'),
      this.fixed('TxCtrlr', 'TxStartPoint', 'MemberList', () => 'PowerPathClosed'),
      this.fixed('TxCtrlr', 'TxStopPoint', 'MemberList', () => 'EVConnected,Authorized'),
      this.kept('AuthCtrlr', 'Enabled', 'boolean', 'true'),
      {
        component: 'AuthCtrlr', name: 'AuthorizeRemoteStart', dataType: 'boolean', get: () => String(s.values.authorizeRemoteStart),
        set: (v) => parseBool(v) !== undefined && (s.set('authorizeRemoteStart', parseBool(v) === true), true),
      },
      this.kept('AuthCtrlr', 'LocalAuthorizeOffline', 'boolean', 'true'),
      this.kept('AuthCtrlr', 'LocalPreAuthorize', 'boolean', 'false'),
      this.kept('AuthCacheCtrlr', 'Enabled', 'boolean', 'true'),
      this.kept('LocalAuthListCtrlr', 'Enabled', 'boolean', 'true'),
      this.fixed('LocalAuthListCtrlr', 'Entries', 'integer', () => String(rt.localList.entries.size)),
      this.fixed('SmartChargingCtrlr', 'Enabled', 'boolean', () => 'true'),
      this.fixed('SmartChargingCtrlr', 'RateUnit', 'MemberList', () => 'A,W'),
      this.fixed('SmartChargingCtrlr', 'PeriodsPerSchedule', 'integer', () => '24'),
      this.fixed('SmartChargingCtrlr', 'ProfileStackLevel', 'integer', () => '10'),
      this.fixed('SmartChargingCtrlr', 'Entries', 'integer', () => String(rt.profiles.list().length), 'ChargingProfiles'),
      this.fixed('ReservationCtrlr', 'Enabled', 'boolean', () => 'true'),
      this.fixed('DeviceDataCtrlr', 'ItemsPerMessage', 'integer', () => '50', 'GetVariables'),
      this.fixed('DeviceDataCtrlr', 'ItemsPerMessage', 'integer', () => '50', 'SetVariables'),
      this.fixed('ClockCtrlr', 'DateTime', 'dateTime', () => formatTimestamp()),
      this.fixed('ClockCtrlr', 'TimeSource', 'string', () => 'Heartbeat'),
      this.fixed('SecurityCtrlr', 'Identity', 'string', () => o.identity),
      this.fixed('SecurityCtrlr', 'SecurityProfile', 'integer', () => profile),
      this.fixed('ChargingStation', 'AvailabilityState', 'string', () => (rt.stationOperative ? 'Available' : 'Unavailable')),
      this.fixed('ChargingStation', 'Model', 'string', () => o.model),
      this.fixed('ChargingStation', 'VendorName', 'string', () => o.vendor),
      this.fixed('ChargingStation', 'SupplyPhases', 'integer', () => String(o.phases)),
    ];
  }

  private evse(id: number): Variable[] {
    const { rt } = this;
    const state = (): string => rt.dialect.wireStatus(rt.connector(id)?.state ?? 'Unavailable');
    const at = (v: Omit<Variable, 'evse'>, connector?: number): Variable => ({ ...v, evse: id, connector });
    return [
      at({ component: 'EVSE', name: 'AvailabilityState', dataType: 'string', get: state }),
      at({ component: 'EVSE', name: 'Available', dataType: 'boolean', get: () => String(rt.connector(id)?.operative ?? false) }),
      at({
        component: 'EVSE', name: 'Power', dataType: 'decimal', unit: 'W',
        get: () => String(Math.round(rt.connector(id)?.powerW ?? 0)), maxSet: () => String(rt.opts.maxPowerW),
      }),
      at({ component: 'EVSE', name: 'SupplyPhases', dataType: 'integer', get: () => String(rt.opts.phases) }),
      at({ component: 'Connector', name: 'AvailabilityState', dataType: 'string', get: state }, 1),
      at({ component: 'Connector', name: 'ConnectorType', dataType: 'string', get: () => 'cType2' }, 1),
    ];
  }
}
