/**
 * QualiCharge's login: an OAuth2 password flow, `POST {api}/auth/token` with a form body (username, password)
 * answering `{access_token, token_type: "bearer"}`; the token is a JWT that lives 30 minutes by default. A
 * token may also be configured as is (e.g. one issued by the OIDC provider QualiCharge can sit behind).
 */
import type { Clock } from '../continuity/clock';
import { TransportError, type Transport } from './http';

export type QualiChargeAuth = { token: string } | { username: string; password: string; tokenPath?: string };

/** Thrown when the credentials are refused: no retry will help until they change. */
export class CredentialsRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsRefused';
  }
}

/** The JWT's `exp` (epoch ms), or undefined when the token is not a JWT or has none. */
export function tokenExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Renew this long before `exp`, so a token never expires between being read and being checked. */
const EARLY_MS = 60_000;

export class TokenSource {
  private token?: string;
  private expiresAt?: number;
  /** Logins performed (for the journal's reader and tests). */
  logins = 0;

  constructor(
    private readonly auth: QualiChargeAuth,
    private readonly baseUrl: string,
    private readonly transport: Transport,
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {}

  get renewable(): boolean {
    return !('token' in this.auth);
  }

  async bearer(): Promise<string> {
    if ('token' in this.auth) return this.auth.token;
    const fresh = this.token !== undefined && (this.expiresAt === undefined || this.clock.now() < this.expiresAt - EARLY_MS);
    if (!fresh) await this.login(this.auth);
    return this.token as string;
  }

  /** After a 401: the token was revoked or the clocks disagree on its age. */
  invalidate(): void {
    this.token = undefined;
    this.expiresAt = undefined;
  }

  private async login(auth: { username: string; password: string; tokenPath?: string }): Promise<void> {
    const form = new URLSearchParams({ username: auth.username, password: auth.password });
    const response = await this.transport({
      method: 'POST',
      url: `${this.baseUrl}${auth.tokenPath ?? '/auth/token'}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: form.toString(),
      timeoutMs: this.timeoutMs,
    });
    // Logging in changes nothing at the receiver: an uncertain login is just a failed one.
    if (response.status >= 500 || response.status === 408 || response.status === 429) {
      throw new TransportError('unsent', `login: HTTP ${response.status}`);
    }
    if (response.status < 200 || response.status >= 300) {
      throw new CredentialsRefused(`login refused: HTTP ${response.status} ${response.body.slice(0, 200)}`);
    }
    let token: unknown;
    try {
      token = (JSON.parse(response.body) as { access_token?: unknown }).access_token;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || !token) throw new CredentialsRefused('login answered without an access_token');
    this.logins++;
    this.token = token;
    this.expiresAt = tokenExpiry(token);
  }
}
