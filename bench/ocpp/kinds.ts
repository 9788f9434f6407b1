/** The three servers under the same load. */
export type ServerKind = 'ours' | 'plain' | 'strict';

export const SERVER_KINDS: readonly ServerKind[] = ['ours', 'plain', 'strict'];

export const SERVER_LABELS: Record<ServerKind, string> = {
  ours: 'ours (Csms)',
  plain: 'ocpp-rpc',
  strict: 'ocpp-rpc strict',
};

export interface ServerInfo {
  port: number;
  pid: number;
}

export function endpointOf(info: ServerInfo): string {
  return `ws://127.0.0.1:${info.port}/ocpp`;
}
