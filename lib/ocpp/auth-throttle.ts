/**
 * Basic-auth brute force, held back per identity and per address: after a few failures in a window, further
 * attempts are refused without checking the password (HTTP 429) for a lockout that doubles with each new round of
 * failures, up to a ceiling. A success clears the identity's count; the address's count only ages out, so one
 * address cannot try many identities in turn.
 */
export interface ThrottleOptions {
  /** Failures allowed in the window before a lockout (default 5). */
  maxFailures?: number;
  windowMs?: number;
  /** First lockout (default 30 s); doubled each time, at most maxLockoutMs (default 15 min). */
  lockoutMs?: number;
  maxLockoutMs?: number;
  now?: () => number;
}

interface Attempts {
  failures: number[];
  lockedUntil: number;
  lockouts: number;
}

const MAX_TRACKED = 50_000;

export class AuthThrottle {
  private readonly records = new Map<string, Attempts>();
  private readonly o: Required<Omit<ThrottleOptions, 'now'>> & { now: () => number };

  constructor(options: ThrottleOptions = {}) {
    this.o = { maxFailures: 5, windowMs: 60_000, lockoutMs: 30_000, maxLockoutMs: 15 * 60_000, now: Date.now, ...options };
  }

  /** Milliseconds this identity or address must still wait; 0 when it may try. */
  waitMs(identity: string, address: string): number {
    const now = this.o.now();
    return Math.max(0, ...[`id:${identity}`, `ip:${address}`].map((k) => (this.records.get(k)?.lockedUntil ?? 0) - now));
  }

  failed(identity: string, address: string): void {
    for (const key of [`id:${identity}`, `ip:${address}`]) this.fail(key);
  }

  succeeded(identity: string): void {
    this.records.delete(`id:${identity}`);
  }

  private fail(key: string): void {
    const now = this.o.now();
    const r = this.records.get(key) ?? { failures: [], lockedUntil: 0, lockouts: 0 };
    r.failures = r.failures.filter((t) => t > now - this.o.windowMs);
    r.failures.push(now);
    if (r.failures.length >= this.o.maxFailures) {
      r.lockedUntil = now + Math.min(this.o.maxLockoutMs, this.o.lockoutMs * 2 ** r.lockouts);
      r.lockouts++;
      r.failures = [];
    }
    this.records.delete(key);
    this.records.set(key, r);
    // An attacker cycling addresses must not grow the table without bound: the oldest records go first.
    if (this.records.size > MAX_TRACKED) this.records.delete(this.records.keys().next().value as string);
  }
}
