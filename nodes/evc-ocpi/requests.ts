/** What a msg may ask of evc-ocpi, read from msg.payload {action, ...}, or a reason when it cannot be read. */

export type OcpiRequest =
  | { kind: 'invite' | 'update' | 'unregister'; partner: string }
  | { kind: 'register'; partner: string; token?: string; versionsUrl?: string }
  | { kind: 'pushAll'; partner?: string }
  | { kind: 'partners' | 'location' | 'tariffs' | 'sessions' | 'cdrs' | 'tokens' | 'clients' };

const LISTS = ['partners', 'location', 'tariffs', 'sessions', 'cdrs', 'tokens', 'clients'] as const;
const ACTIONS = ['invite', 'register', 'update', 'unregister', 'pushAll', ...LISTS];

export function readOcpiRequest(payload: unknown): OcpiRequest | string {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return `msg.payload must be {action: ${ACTIONS.join(' | ')}, ...}`;
  const p = payload as Record<string, unknown>;
  const action = p.action;
  const text = (key: string): string | undefined => (typeof p[key] === 'string' && (p[key] as string).trim() ? (p[key] as string).trim() : undefined);
  const partner = text('partner');
  switch (action) {
    case 'invite':
    case 'update':
    case 'unregister':
      return partner ? { kind: action, partner } : `${action} needs msg.payload.partner, the partner's name`;
    case 'register': {
      if (!partner) return 'register needs msg.payload.partner, the partner\'s name';
      const versionsUrl = text('versionsUrl');
      if (versionsUrl && !/^https?:\/\/\S+$/.test(versionsUrl)) return `versionsUrl ${versionsUrl} is not an http:// or https:// URL`;
      const token = text('token');
      return { kind: 'register', partner, ...(token ? { token } : {}), ...(versionsUrl ? { versionsUrl } : {}) };
    }
    case 'pushAll':
      return partner ? { kind: 'pushAll', partner } : { kind: 'pushAll' };
    default:
      if ((LISTS as readonly unknown[]).includes(action)) return { kind: action as (typeof LISTS)[number] };
      return `unknown action ${JSON.stringify(action)}: one of ${ACTIONS.join(', ')}`;
  }
}
