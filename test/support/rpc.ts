/** Third-party peers: ocpp-rpc clients in strict mode validate every frame we send against the official schemas. */
import { RPCClient } from 'ocpp-rpc';

export type PeerVersion = '1.6' | '2.0.1';

/** ocpp-rpc types answers as unknown; tests read them freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Peer = Omit<RPCClient, 'call'> & { call(method: string, params?: unknown, options?: unknown): Promise<any> };

export function strictClient(endpoint: string, identity: string, version: PeerVersion, extra: Record<string, unknown> = {}): Peer {
  return new RPCClient({
    endpoint, identity, protocols: [version === '1.6' ? 'ocpp1.6' : 'ocpp2.0.1'], strictMode: true, reconnect: false,
    callTimeoutMs: 5000, ...extra,
  } as never) as Peer;
}

export const BOOT = {
  '1.6': { chargePointVendor: 'ACME', chargePointModel: 'Wallbox-22', chargePointSerialNumber: 'SN-1', firmwareVersion: '1.0.0' },
  '2.0.1': { reason: 'PowerUp', chargingStation: { vendorName: 'ACME', model: 'Wallbox-22', serialNumber: 'SN-1', firmwareVersion: '1.0.0' } },
} as const;
