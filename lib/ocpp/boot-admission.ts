/**
 * Boot admission: at most `perSecond` BootNotifications accepted a second (a second's worth at once), the others
 * answered Pending with the interval after which their own turn comes (OCPP 1.6 §4.2, 2.0.1 B02: a Pending
 * station boots again after the interval). After a site-wide outage every station comes back at the same moment;
 * what an accepted boot sets off (local lists, re-applied configuration and profiles, the archive's writes) then
 * arrives at a pace the CSMS keeps up with, and no station is refused.
 *
 * Each waiting station holds a turn on one schedule, so the stations that wait come back spread over the seconds
 * instead of all together again, and none is overtaken by a later one. Intervals are whole seconds, rounded up: a
 * station comes back at or after its turn, so each second admits a second's worth of turns at most.
 */
export type Admission = { admitted: true } | { admitted: false; retryInS: number };

/** A turn not claimed this long after it came is given up (the station went away or booted elsewhere). */
const TURN_KEPT_MS = 120_000;
/** How early a station may come back for its turn: its timer and ours do not tick together. */
const EARLY_MS = 500;

export class BootAdmission {
  /** When the schedule's next turn is free, ms. */
  private nextTurn = 0;
  private readonly turns = new Map<string, number>();
  private readonly spacingMs: number;

  constructor(perSecond: number, private readonly now: () => number = Date.now) {
    this.spacingMs = 1000 / perSecond;
  }

  /** Whether a station's BootNotification is accepted now, or when it should boot again. */
  admit(identity: string): Admission {
    const now = this.now();
    const turn = this.turns.get(identity);
    if (turn !== undefined) {
      if (turn <= now + EARLY_MS) {
        this.turns.delete(identity);
        return { admitted: true };
      }
      return { admitted: false, retryInS: Math.ceil((turn - now) / 1000) };
    }
    if (this.turns.size > 0) this.forgetStale(now);
    const at = Math.max(now, this.nextTurn);
    this.nextTurn = at + this.spacingMs;
    // A second's worth of turns from now is taken at once (half a turn of margin against rounding).
    if (at < now + 1000 - this.spacingMs / 2) return { admitted: true };
    this.turns.set(identity, at);
    return { admitted: false, retryInS: Math.ceil((at - now) / 1000) };
  }

  /** Stations holding a turn. */
  get waiting(): number {
    return this.turns.size;
  }

  private forgetStale(now: number): void {
    // Turns are in schedule order (a Map keeps insertion order): stop at the first one still kept.
    for (const [identity, turn] of this.turns) {
      if (turn + TURN_KEPT_MS > now) break;
      this.turns.delete(identity);
    }
  }
}
