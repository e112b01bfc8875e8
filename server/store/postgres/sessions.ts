// Sessions on PostgreSQL (the reference: sqlite/sessions.ts and me-view.ts). Unlike SQLite's, no session cache:
// every lookup asks the database, so a logout or a grant on any app server counts at once on all of them.
import { newSession, passwordMatches, tokenDigest } from '../../auth/sessions.ts';
import type { User } from '../../domain/users/user.ts';
import type { ComuneView, SessionStore } from '../store.ts';
import type { PgPool } from './open.ts';
import { bboxColumns } from './sql-helpers.ts';
import { loadUser, USER_COLUMNS, type UserRow, userOf } from './users.ts';

type Box = { minx: number | null; miny: number; maxx: number; maxy: number };

export function pgSessions(pool: PgPool): SessionStore {
  return {
    /** Checks the credentials; returns the session token (only its hash is stored) and the user. */
    async login(username, password) {
      const { rows } = await pool.query<{ id: number; password_hash: string }>(
        'SELECT id, password_hash FROM users WHERE username = $1',
        [username],
      );
      const row = rows[0];
      const matches = await passwordMatches(password, row?.password_hash);
      if (!row || !matches) return null;
      const { token, tokenHash, expires } = newSession();
      await pool.query('DELETE FROM sessions WHERE expires_at < $1', [new Date().toISOString()]);
      await pool.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
        tokenHash,
        row.id,
        expires,
      ]);
      return { token, user: (await loadUser(pool, row.id))! };
    },

    async userForToken(token) {
      const { rows } = await pool.query<UserRow>(
        `SELECT ${USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.token_hash = $1 AND s.expires_at > $2`,
        [tokenDigest(token), new Date().toISOString()],
      );
      return rows[0] ? userOf(rows[0]) : null;
    },

    async logout(token) {
      await pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenDigest(token)]);
    },

    async meComuni(user: User): Promise<ComuneView[]> {
      const views: ComuneView[] = [];
      for (const code of user.comuni) {
        const { rows } = await pool.query<{ code: string; name: string; province: string } & Box>(
          `SELECT code, name, province, ${bboxColumns('geom')} FROM comuni WHERE code = $1`,
          [code],
        );
        const c = rows[0]!;
        // The map opens on the comune's boundary; a comune imported without one opens on its parcels.
        const b =
          c.minx !== null
            ? c
            : (
                await pool.query<Box>(
                  `SELECT min(ST_XMin(geom)) minx, min(ST_YMin(geom)) miny, max(ST_XMax(geom)) maxx,
                    max(ST_YMax(geom)) maxy FROM parcels WHERE comune = $1`,
                  [code],
                )
              ).rows[0]!;
        views.push({
          code: c.code,
          name: c.name,
          province: c.province,
          bbox: b.minx === null ? null : [b.minx, b.miny, b.maxx, b.maxy],
        });
      }
      return views;
    },
  };
}
