/** Which incoming messages an evc-ocpp-in node passes on: station pattern (with * wildcards), actions, event types. */
import type { IncomingMessage } from './csms';
import type { OcppEvent } from './events';

export interface MessageFilterSpec {
  stationId?: string;
  actions?: string;
  events?: string;
  onlyFlowAnswered?: boolean;
}

const list = (text: string | undefined): Set<string> | undefined => {
  const items = (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? new Set(items) : undefined;
};

function pattern(text: string | undefined): RegExp | undefined {
  const t = (text ?? '').trim();
  if (!t) return undefined;
  const escaped = t.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${escaped}$`);
}

export class MessageFilter {
  private readonly station?: RegExp;
  private readonly actions?: Set<string>;
  private readonly events?: Set<string>;

  constructor(private readonly spec: MessageFilterSpec) {
    this.station = pattern(spec.stationId);
    this.actions = list(spec.actions);
    this.events = list(spec.events);
  }

  /** The events of a message that pass; an empty list means the message is filtered out. */
  select(message: IncomingMessage): OcppEvent[] {
    if (this.spec.onlyFlowAnswered && !message.needsResponse) return [];
    if (this.station && !this.station.test(message.stationId)) return [];
    if (this.actions && !this.actions.has(message.action)) return [];
    return this.events ? message.events.filter((e) => this.events!.has(e.type)) : message.events;
  }
}
