/** The OCPP actions of each version and who may send them. */
import { OcppVersion } from './errors';

/** 1.6: the 28 messages of edition 2 plus the 11 of the security whitepaper, split by sender. */
const STATION_TO_CSMS_16 = [
  'Authorize', 'BootNotification', 'DataTransfer', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification',
  'Heartbeat', 'MeterValues', 'StartTransaction', 'StatusNotification', 'StopTransaction',
  'SecurityEventNotification', 'SignCertificate', 'LogStatusNotification', 'SignedFirmwareStatusNotification',
];
const CSMS_TO_STATION_16 = [
  'CancelReservation', 'ChangeAvailability', 'ChangeConfiguration', 'ClearCache', 'ClearChargingProfile', 'DataTransfer',
  'GetCompositeSchedule', 'GetConfiguration', 'GetDiagnostics', 'GetLocalListVersion', 'RemoteStartTransaction',
  'RemoteStopTransaction', 'ReserveNow', 'Reset', 'SendLocalList', 'SetChargingProfile', 'TriggerMessage',
  'UnlockConnector', 'UpdateFirmware',
  'CertificateSigned', 'DeleteCertificate', 'ExtendedTriggerMessage', 'GetInstalledCertificateIds', 'GetLog',
  'InstallCertificate', 'SignedUpdateFirmware',
];

/** 2.0.1: the 64 messages of the 16 functional blocks, split by sender (DataTransfer goes both ways). */
const STATION_TO_CSMS_201 = [
  'SecurityEventNotification', 'SignCertificate', 'BootNotification', 'NotifyReport', 'Authorize', 'TransactionEvent',
  'StatusNotification', 'Heartbeat', 'ReservationStatusUpdate', 'MeterValues', 'ReportChargingProfiles',
  'NotifyChargingLimit', 'ClearedChargingLimit', 'NotifyEVChargingNeeds', 'NotifyEVChargingSchedule',
  'FirmwareStatusNotification', 'PublishFirmwareStatusNotification', 'Get15118EVCertificate', 'GetCertificateStatus',
  'LogStatusNotification', 'NotifyMonitoringReport', 'NotifyEvent', 'NotifyCustomerInformation', 'NotifyDisplayMessages',
  'DataTransfer',
];
const CSMS_TO_STATION_201 = [
  'CertificateSigned', 'SetVariables', 'GetVariables', 'GetBaseReport', 'GetReport', 'SetNetworkProfile', 'Reset',
  'ClearCache', 'SendLocalList', 'GetLocalListVersion', 'GetTransactionStatus', 'RequestStartTransaction',
  'RequestStopTransaction', 'UnlockConnector', 'TriggerMessage', 'ChangeAvailability', 'ReserveNow', 'CancelReservation',
  'CostUpdated', 'SetChargingProfile', 'GetChargingProfiles', 'ClearChargingProfile', 'GetCompositeSchedule',
  'UpdateFirmware', 'PublishFirmware', 'UnpublishFirmware', 'InstallCertificate', 'GetInstalledCertificateIds',
  'DeleteCertificate', 'GetLog', 'GetMonitoringReport', 'SetMonitoringBase', 'SetVariableMonitoring',
  'SetMonitoringLevel', 'ClearVariableMonitoring', 'CustomerInformation', 'SetDisplayMessage', 'GetDisplayMessages',
  'ClearDisplayMessage', 'DataTransfer',
];

export type Sender = 'station' | 'csms';

const TABLE: Record<OcppVersion, Record<Sender, ReadonlySet<string>>> = {
  '1.6': { station: new Set(STATION_TO_CSMS_16), csms: new Set(CSMS_TO_STATION_16) },
  '2.0.1': { station: new Set(STATION_TO_CSMS_201), csms: new Set(CSMS_TO_STATION_201) },
};

/** Actions a sender may use in a version. */
export function actionsSentBy(version: OcppVersion, sender: Sender): ReadonlySet<string> {
  return TABLE[version][sender];
}

/** Every action of a version, whoever sends it. */
export function allActions(version: OcppVersion): string[] {
  return [...new Set([...TABLE[version].station, ...TABLE[version].csms])].sort();
}

/** The OCPP-J subprotocol name of a version, and back. */
export const SUBPROTOCOLS: Record<OcppVersion, string> = { '1.6': 'ocpp1.6', '2.0.1': 'ocpp2.0.1' };

export function versionOfSubprotocol(name: string): OcppVersion | undefined {
  if (name === 'ocpp1.6') return '1.6';
  if (name === 'ocpp2.0.1') return '2.0.1';
  return undefined;
}
