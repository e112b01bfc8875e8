// Users and their comuni on PostgreSQL (the reference: sqlite/users.ts, same checks, same messages).
import { hashPassword } from '../../auth/password.ts';
import { checkNewUser } from '../../auth/users.ts';
import { isBelfiore } from '../../domain/cadastre/reference.ts';
import type { Role, User } from '../../domain/users/user.ts';
import type { UserRepository } from '../store.ts';
import type { PgPool } from './open.ts';
import type { Queryable } from './sql-helpers.ts';
import { pgTransaction } from './transaction.ts';

/** A user's columns with their comuni (sorted by code, as SQLite's binary order sorts them). */
export const USER_COLUMNS = `u.id, u.username, u.role,
  ARRAY(SELECT comune FROM user_comuni WHERE user_id = u.id ORDER BY comune COLLATE "C") AS comuni`;

export type UserRow = Omit<User, 'role'> & { role: string };

export const userOf = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  role: r.role as Role,
  comuni: r.comuni,
});

export async function loadUser(q: Queryable, id: number): Promise<User | null> {
  const { rows } = await q.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [id]);
  return rows[0] ? userOf(rows[0]) : null;
}

const comuneExists = async (q: Queryable, code: string) =>
  (await q.query('SELECT 1 FROM comuni WHERE code = $1', [code])).rowCount! > 0;

/** Adds a user scoped to comuni already in the register; throws with the reason otherwise (`edigit user add`). */
export async function pgCreateUser(
  pool: PgPool,
  u: { username: string; password: string; role: string; comuni: string[] },
): Promise<User> {
  checkNewUser(u);
  // Each code's form, then its presence, in turn: the first bad code is the one reported.
  for (const c of u.comuni) {
    if (!isBelfiore(c)) throw new Error(`codice Belfiore non valido: ${c}`);
    if (!(await comuneExists(pool, c))) throw new Error(`comune ${c} non presente nel database`);
  }
  const taken = new Error(`l'utente ${u.username} esiste già`);
  if ((await pool.query('SELECT 1 FROM users WHERE username = $1', [u.username])).rowCount! > 0) throw taken;
  try {
    return await pgTransaction(pool, async (c) => {
      const { rows } = await c.query<{ id: number }>(
        'INSERT INTO users (username, password_hash, role) VALUES ($1, $2, $3) RETURNING id',
        [u.username, hashPassword(u.password), u.role],
      );
      const id = rows[0]!.id;
      await c.query('INSERT INTO user_comuni (user_id, comune) SELECT $1, unnest($2::text[])', [id, u.comuni]);
      return { id, username: u.username, role: u.role as Role, comuni: [...u.comuni] };
    });
  } catch (e) {
    // Another process added the same name between the check and the insert.
    if ((e as { code?: string }).code === '23505') throw taken;
    throw e;
  }
}

export function pgUsers(pool: PgPool): UserRepository {
  return {
    create: (u) => pgCreateUser(pool, u),
    async grantComuni(username, comuni) {
      const { rows } = await pool.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [username]);
      const row = rows[0];
      if (!row) throw new Error(`utente ${username} inesistente`);
      if (comuni.length === 0) throw new Error('indicare almeno un comune');
      for (const c of comuni)
        if (!(await comuneExists(pool, c))) throw new Error(`comune ${c} non presente nel database`);
      await pool.query(
        'INSERT INTO user_comuni (user_id, comune) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING',
        [row.id, comuni],
      );
      return (await loadUser(pool, row.id))!;
    },
    async existing(usernames) {
      const { rows } = await pool.query<{ username: string }>(
        'SELECT username FROM users WHERE username = ANY($1::text[]) ORDER BY id',
        [usernames],
      );
      return rows.map((r) => r.username);
    },
  };
}
