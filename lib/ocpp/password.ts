/** Station passwords (Basic auth, security profiles 1-2): stored as salted scrypt hashes, compared in constant time. */
import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'crypto';

// Station passwords are long random secrets (A00.FR.205: 16-40 characters), so a moderate cost suffices;
// a cache of verified secrets keeps reconnect storms from queueing thousands of scrypt runs.
const COST = 1 << 13;
const KEY_LENGTH = 32;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEY_LENGTH, { N: COST });
  return `scrypt$${COST}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function isPasswordHash(text: string): boolean {
  return /^scrypt\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/.test(text);
}

export class PasswordVerifier {
  private readonly verified = new Map<string, Buffer>();

  /** Verifies a password against a stored hash; caches success per hash so repeated logins cost one SHA-256. */
  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, cost, saltB64, hashB64] = stored.split('$');
    if (scheme !== 'scrypt' || !saltB64 || !hashB64) return false;
    const fingerprint = createHash('sha256').update(stored).update('\0').update(password).digest();
    const cached = this.verified.get(stored);
    if (cached && timingSafeEqual(cached, fingerprint)) return true;
    const expected = Buffer.from(hashB64, 'base64');
    const actual = await new Promise<Buffer>((resolve, reject) =>
      scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, { N: Number(cost) },
        (err, key) => (err ? reject(err) : resolve(key))));
    const ok = actual.length === expected.length && timingSafeEqual(actual, expected);
    if (ok) this.verified.set(stored, fingerprint);
    return ok;
  }
}
