import { createHash, randomBytes } from 'node:crypto';
import { verifyPassword } from './password.ts';

export const SESSION_COOKIE = 'edigit_session';
const TTL_HOURS = 12;
// A fixed hash of a password nobody uses, with the same cost as real ones (no scrypt at start-up).
const DUMMY_HASH = 'scrypt$16384$oe0vxyP5juTsoxGQJYiSXA==$SSiHNhqQvezFOKnPiEp8cPm1RcpqYb10muU1QhcQ3bw=';

/** What is stored of a session token: its hash, never the token. */
export const tokenDigest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Whether `password` matches the stored hash of the user's; `stored` undefined when there is no such user. */
export async function passwordMatches(password: string, stored: string | undefined): Promise<boolean> {
  // Unknown users cost the same scrypt as known ones, so response time does not reveal usernames.
  if (stored === undefined) {
    await verifyPassword(password, DUMMY_HASH);
    return false;
  }
  return verifyPassword(password, stored);
}

/** A new session's token (for the cookie), its digest (for the store) and when it expires. */
export function newSession(): { token: string; tokenHash: string; expires: string } {
  const token = randomBytes(32).toString('base64url');
  const expires = new Date(Date.now() + TTL_HOURS * 3600_000).toISOString();
  return { token, tokenHash: tokenDigest(token), expires };
}
