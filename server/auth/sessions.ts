import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/open.ts';
import { prepared } from '../store/sqlite/prepared.ts';
import { verifyPassword } from './password.ts';
import { knownSessions } from './session-cache.ts';
import { loadUser, USER_COLUMNS, type User, type UserRow, userOf } from './users.ts';

export const SESSION_COOKIE = 'edigit_session';
const TTL_HOURS = 12;
// A fixed hash of a password nobody uses, with the same cost as real ones (no scrypt at start-up).
const DUMMY_HASH = 'scrypt$16384$oe0vxyP5juTsoxGQJYiSXA==$SSiHNhqQvezFOKnPiEp8cPm1RcpqYb10muU1QhcQ3bw=';

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Checks the credentials; returns the session token (only its hash is stored) and the user. */
export async function login(db: Db, username: string, password: string): Promise<{ token: string; user: User } | null> {
  const row = db.prepare('SELECT id, password_hash FROM users WHERE username = ?').get(username) as
    | { id: number; password_hash: string }
    | undefined;
  // Unknown users cost the same scrypt as known ones, so response time does not reveal usernames.
  if (!row) {
    await verifyPassword(password, DUMMY_HASH);
    return null;
  }
  if (!(await verifyPassword(password, row.password_hash))) return null;
  const token = randomBytes(32).toString('base64url');
  const expires = new Date(Date.now() + TTL_HOURS * 3600_000).toISOString();
  db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(new Date().toISOString());
  db.prepare('INSERT INTO sessions VALUES (?, ?, ?)').run(digest(token), row.id, expires);
  return { token, user: loadUser(db, row.id)! };
}

/** The session's user in one query, prepared once per connection: every tile and search of a user asks it. */
const SESSION_USER = `SELECT ${USER_COLUMNS}, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
  WHERE s.token_hash = ? AND s.expires_at > ?`;

export function userForToken(db: Db, token: string): User | null {
  const sessions = knownSessions(db);
  const now = Date.now();
  const hit = sessions.get(token);
  if (hit && hit.expiresMs > now) return hit.user;
  const row = prepared(db, SESSION_USER).get(digest(token), new Date(now).toISOString()) as
    | (UserRow & { expires_at: string })
    | undefined;
  if (!row) return null;
  const { expires_at, ...user } = row;
  const found = userOf(user);
  Object.freeze(found.comuni);
  sessions.set(token, { user: Object.freeze(found), expiresMs: Date.parse(expires_at) });
  return found;
}

export function logout(db: Db, token: string): void {
  knownSessions(db).delete(token);
  db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(digest(token));
}
