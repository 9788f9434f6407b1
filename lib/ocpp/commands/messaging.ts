/** Asking a station to send a message now (TriggerMessage) and vendor-specific exchanges (DataTransfer). */
import { OcppVersion } from '../errors';
import { Translator } from './types';
import { fail } from './params';
import { connector16, evseType201, readLocation } from './location';

const TRIGGERS: Record<OcppVersion, readonly string[]> = {
  '1.6': [
    'BootNotification', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification', 'Heartbeat', 'MeterValues',
    'StatusNotification',
  ],
  '2.0.1': [
    'BootNotification', 'LogStatusNotification', 'FirmwareStatusNotification', 'Heartbeat', 'MeterValues',
    'SignChargingStationCertificate', 'SignV2GCertificate', 'StatusNotification', 'TransactionEvent',
    'SignCombinedCertificate', 'PublishFirmwareStatusNotification',
  ],
};

// Names of one version's message that the other version calls differently.
const RENAMED: Record<OcppVersion, Record<string, string>> = {
  '1.6': { LogStatusNotification: 'DiagnosticsStatusNotification' },
  '2.0.1': {
    DiagnosticsStatusNotification: 'LogStatusNotification',
    StartTransaction: 'TransactionEvent',
    StopTransaction: 'TransactionEvent',
  },
};

function requestedMessage(version: OcppVersion, name: string): string | undefined {
  const wanted = name.trim().toLowerCase();
  const renamed = Object.entries(RENAMED[version]).find(([from]) => from.toLowerCase() === wanted)?.[1];
  return renamed ?? TRIGGERS[version].find((m) => m.toLowerCase() === wanted);
}

const triggerMessage: Translator = (version, p) => {
  const name = p.reqStr('message');
  const message = requestedMessage(version, name);
  if (!message) {
    fail(p.problem('message', `${JSON.stringify(name)} cannot be triggered on OCPP ${version}; use one of ${TRIGGERS[version].join(', ')}`));
  }
  const loc = readLocation(p);
  if (version === '1.6') return { action: 'TriggerMessage', payload: { requestedMessage: message, connectorId: connector16(loc) } };
  return { action: 'TriggerMessage', payload: { requestedMessage: message, evse: evseType201(loc) } };
};

const dataTransfer: Translator = (version, p) => {
  const data = p.raw('data');
  const payload = { vendorId: p.reqStr('vendorId'), messageId: p.str('messageId'), data };
  // 1.6 carries data as text only, so structured data travels as its JSON text.
  if (version === '1.6' && data !== undefined && typeof data !== 'string') payload.data = JSON.stringify(data);
  return { action: 'DataTransfer', payload };
};

export const MESSAGING_COMMANDS: Record<string, Translator> = { triggerMessage, dataTransfer };
