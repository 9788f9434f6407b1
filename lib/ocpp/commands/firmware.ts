/** Diagnostics upload and firmware update (1.6 FirmwareManagement profile and security extension, 2.0.1 blocks L and N). */
import { Translator } from './types';
import { fail } from './params';
import { chosenId } from './ids';
import { formatTimestamp } from '../time';

const getDiagnostics: Translator = (version, p, ctx) => {
  const location = p.reqStr('location');
  const startTime = p.time('startTime');
  const stopTime = p.time('stopTime');
  const retries = p.int('retries', { min: 0 });
  const retryInterval = p.int('retryInterval', { min: 0 });
  if (startTime && stopTime && startTime > stopTime) fail(p.problem('stopTime', 'must not be earlier than startTime'));
  if (version === '1.6') return { action: 'GetDiagnostics', payload: { location, startTime, stopTime, retries, retryInterval } };
  return {
    action: 'GetLog',
    payload: {
      logType: 'DiagnosticsLog',
      requestId: chosenId(p, 'requestId', ctx, 1),
      log: { remoteLocation: location, oldestTimestamp: startTime, latestTimestamp: stopTime },
      retries,
      retryInterval,
    },
  };
};

const updateFirmware: Translator = (version, p, ctx) => {
  const location = p.reqStr('location');
  // Without a retrieve date the station should fetch the firmware straight away.
  const retrieveDateTime = p.time('retrieveDate') ?? formatTimestamp();
  const installDateTime = p.time('installDate');
  const signingCertificate = p.str('signingCertificate');
  const signature = p.str('signature');
  const retries = p.int('retries', { min: 0 });
  const retryInterval = p.int('retryInterval', { min: 0 });
  const signed = signingCertificate !== undefined || signature !== undefined;
  if (signed && (signingCertificate === undefined || signature === undefined)) {
    fail(p.problem(signature === undefined ? 'signature' : 'signingCertificate', 'is required for a signed firmware update'));
  }
  const firmware = { location, retrieveDateTime, installDateTime, signingCertificate, signature };
  if (version === '2.0.1') {
    return { action: 'UpdateFirmware', payload: { requestId: chosenId(p, 'requestId', ctx, 1), firmware, retries, retryInterval } };
  }
  // A signed image on 1.6 needs the security extension's message: plain UpdateFirmware would drop the signature.
  if (signed) {
    return { action: 'SignedUpdateFirmware', payload: { requestId: chosenId(p, 'requestId', ctx, 1), firmware, retries, retryInterval } };
  }
  if (installDateTime) fail(p.problem('installDate', 'needs a signed update (signingCertificate and signature) on OCPP 1.6'));
  return { action: 'UpdateFirmware', payload: { location, retrieveDate: retrieveDateTime, retries, retryInterval } };
};

export const FIRMWARE_COMMANDS: Record<string, Translator> = { getDiagnostics, updateFirmware };
