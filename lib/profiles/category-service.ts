/**
 * Applies the user categories: when a transaction gets its badge (at its start, or on 2.0.1 when the driver badges
 * after plugging in), the badge's category picks a profile, sent as a Tx profile for that transaction. Emits
 * 'outcome' (a CategoryOutcome) for every badged transaction, applied or not, and why.
 */
import { EventEmitter } from 'events';
import type { Exchange } from '../ocpp/csms';
import type { OcppEvent } from '../ocpp/events';
import type { BadgeBook } from './categories';
import type { ChargingProfileService, ProfileCsms } from './service';

export interface CategoryOutcome {
  station: string;
  evseId?: number;
  transactionId: string;
  idTag: string;
  category?: string;
  /** The badge rule that chose the category. */
  rule?: string;
  applied: boolean;
  /** The station's answer, when it was asked. */
  status?: string;
  reason?: string;
  profile?: Record<string, unknown>;
}

export interface CategoryOptions {
  /** A category's profile on EVSE n gets this id + n: one per EVSE, since a 1.6 station replaces a profile of the same id. */
  firstProfileId: number;
}

/** The station actions whose answer starts (or badges) a transaction on the station's side. */
const ANSWERS = new Set(['StartTransaction', 'TransactionEvent']);

export class CategoryService extends EventEmitter {
  /** Transactions already handled, by station and id, until they end. */
  private readonly handled = new Set<string>();
  /** Per station, what waits for the answer to the station's current call to go out. */
  private readonly waiting = new Map<string, Array<() => void>>();
  private readonly immediates = new Set<NodeJS.Immediate>();

  private readonly onEvent = (e: OcppEvent): void => {
    const transactionId = typeof e.transactionId === 'string' ? e.transactionId : undefined;
    if (!transactionId) return;
    const key = `${e.stationId}\u0000${transactionId}`;
    if (e.type === 'transaction.ended') {
      this.handled.delete(key);
      return;
    }
    const badged = (e.type === 'transaction.started' || e.type === 'transaction.updated') && typeof e.idTag === 'string' && e.idTag !== '';
    if (!badged || this.handled.has(key) || this.book.categories.length === 0) return;
    const idTag = e.idTag as string;
    // Without badge rules, only a badge its authorizer knows by a user group can have a category.
    if (this.book.size === 0 && this.csms.userGroupOf?.(idTag) === undefined) return;
    this.handled.add(key);
    // A 1.6 station learns of its transaction from our answer to StartTransaction, which leaves after this event:
    // a Tx profile for it must wait until that answer has gone.
    const jobs = this.waiting.get(e.stationId) ?? [];
    jobs.push(() => void this.apply(e.stationId, transactionId, idTag, e.evseId, e.version === '2.0.1'));
    this.waiting.set(e.stationId, jobs);
  };

  private readonly onExchange = (x: Exchange): void => {
    if (x.origin !== 'station' || !ANSWERS.has(x.action)) return;
    const jobs = this.waiting.get(x.stationId);
    if (!jobs) return;
    this.waiting.delete(x.stationId);
    // The exchange is reported just before its answer is written to the socket.
    const immediate = setImmediate(() => {
      this.immediates.delete(immediate);
      for (const job of jobs) job();
    });
    this.immediates.add(immediate);
  };

  constructor(
    private readonly csms: ProfileCsms,
    private readonly profiles: ChargingProfileService,
    private readonly book: BadgeBook,
    private readonly options: CategoryOptions,
  ) {
    super();
  }

  start(): void {
    this.csms.on('event', this.onEvent);
    this.csms.on('exchange', this.onExchange);
  }

  stop(): void {
    this.csms.off('event', this.onEvent);
    this.csms.off('exchange', this.onExchange);
    for (const immediate of this.immediates) clearImmediate(immediate);
    this.immediates.clear();
    this.waiting.clear();
  }

  /**
   * The badge's category: the user group its authorizer knows it by (a tag store, a company directory) when a
   * category has that name, else the badge rules.
   */
  private categoryOf(idTag: string): ReturnType<BadgeBook['lookup']> {
    const group = this.csms.userGroupOf?.(idTag)?.toLowerCase();
    const category = group ? this.book.categories.find((c) => c.name.toLowerCase() === group) : undefined;
    return category ? { rule: { idTag: `user group ${category.name}`, category: category.name }, category } : this.book.lookup(idTag);
  }

  /**
   * `nameTransaction`: 2.0.1 requires it. On 1.6 the profile goes to the transaction running on the EVSE, the one
   * that just started, without naming it (see ChargingProfileService.set).
   */
  private async apply(station: string, transactionId: string, idTag: string, eventEvse: number | undefined, nameTransaction: boolean): Promise<void> {
    const running = this.csms.store.openTransactions(station).find((t) => t.transactionId === transactionId);
    const evseId = eventEvse ?? running?.evseId ?? running?.connectorId;
    const base: CategoryOutcome = { station, ...(evseId !== undefined ? { evseId } : {}), transactionId, idTag, applied: false };
    const found = this.categoryOf(idTag);
    if (!found) return void this.emit('outcome', { ...base, reason: `no category for badge ${idTag}` } satisfies CategoryOutcome);
    const chosen = { ...base, category: found.category.name, rule: found.rule.idTag };
    if (evseId === undefined) return void this.emit('outcome', { ...chosen, reason: `the EVSE of transaction ${transactionId} is not known` } satisfies CategoryOutcome);
    const template = { ...found.category.template, id: this.options.firstProfileId + evseId };
    try {
      const result = await this.profiles.set(station, template, nameTransaction ? { evseId, transactionId } : { evseId });
      this.emit('outcome', { ...chosen, applied: true, status: 'Accepted', profile: result.profile as Record<string, unknown> } satisfies CategoryOutcome);
    } catch (err) {
      const status = (err as { details?: { status?: string } }).details?.status;
      this.emit('outcome', { ...chosen, ...(status ? { status } : {}), reason: (err as Error).message } satisfies CategoryOutcome);
    }
  }
}
