import { newSession, passwordMatches, tokenDigest } from '../../auth/sessions.ts';
import type { Db } from '../../db/open.ts';
import type { User } from '../../domain/users/user.ts';
import { prepared } from './prepared.ts';
import { knownSessions } from './session-cache.ts';
import { loadUser, USER_COLUMNS, type UserRow, userOf } from './users.ts';

/** Checks the credentials; returns the session token (only its hash is stored) and the user. */
export async function login(db: Db, username: string, password: string): Promise<{ token: string; user: User } | null> {
  const row = db.prepare('SELECT id, password_hash FROM users WHERE username = ?').get(username) as
    | { id: number; password_hash: string }
    | undefined;
  const matches = await passwordMatches(password, row?.password_hash);
  if (!row || !matches) return null;
  const { token, tokenHash, expires } = newSession();
  db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(new Date().toISOString());
  db.prepare('INSERT INTO sessions VALUES (?, ?, ?)').run(tokenHash, row.id, expires);
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
  const row = prepared(db, SESSION_USER).get(tokenDigest(token), new Date(now).toISOString()) as
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
  db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenDigest(token));
}
