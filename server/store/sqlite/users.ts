import { hashPassword } from '../../auth/password.ts';
import { checkNewUser } from '../../auth/users.ts';
import type { Db } from '../../db/open.ts';
import { transaction } from '../../db/transaction.ts';
import { isBelfiore } from '../../domain/cadastre/reference.ts';
import type { Role, User } from '../../domain/users/user.ts';
import { forgetKnownSessions } from './session-cache.ts';

/** Adds a user scoped to comuni already in the register; throws with the reason otherwise. */
export function createUser(db: Db, u: { username: string; password: string; role: string; comuni: string[] }): User {
  checkNewUser(u);
  // Each code's form, then its presence, in turn: the first bad code is the one reported.
  for (const c of u.comuni) {
    if (!isBelfiore(c)) throw new Error(`codice Belfiore non valido: ${c}`);
    if (!db.prepare('SELECT 1 FROM comuni WHERE code = ?').get(c))
      throw new Error(`comune ${c} non presente nel database`);
  }
  if (db.prepare('SELECT 1 FROM users WHERE username = ?').get(u.username))
    throw new Error(`l'utente ${u.username} esiste già`);
  return transaction(db, () => {
    const id = Number(
      db
        .prepare('INSERT INTO users (username, password_hash, role) VALUES (?, ?, ?)')
        .run(u.username, hashPassword(u.password), u.role).lastInsertRowid,
    );
    for (const c of u.comuni) db.prepare('INSERT INTO user_comuni VALUES (?, ?)').run(id, c);
    return { id, username: u.username, role: u.role as Role, comuni: [...u.comuni] };
  });
}

/** Extends a user's scope to more comuni (already in the register). */
export function grantComuni(db: Db, username: string, comuni: string[]): User {
  const row = db.prepare('SELECT id FROM users WHERE username = ?').get(username) as { id: number } | undefined;
  if (!row) throw new Error(`utente ${username} inesistente`);
  if (comuni.length === 0) throw new Error('indicare almeno un comune');
  for (const c of comuni)
    if (!db.prepare('SELECT 1 FROM comuni WHERE code = ?').get(c))
      throw new Error(`comune ${c} non presente nel database`);
  transaction(db, () => {
    for (const c of comuni) db.prepare('INSERT OR IGNORE INTO user_comuni VALUES (?, ?)').run(row.id, c);
  });
  forgetKnownSessions(db);
  return loadUser(db, row.id)!;
}

/** A user's columns with their comuni (sorted), as loadUser and the session lookup read them. */
export const USER_COLUMNS = `u.id, u.username, u.role,
  (SELECT json_group_array(comune) FROM (SELECT comune FROM user_comuni WHERE user_id = u.id ORDER BY comune))
    AS comuni`;

export type UserRow = Omit<User, 'comuni'> & { comuni: string };

export const userOf = (r: UserRow): User => ({ ...r, comuni: JSON.parse(r.comuni) as string[] });

export function loadUser(db: Db, id: number): User | null {
  const row = db.prepare(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ?`).get(id) as UserRow | undefined;
  return row ? userOf(row) : null;
}
