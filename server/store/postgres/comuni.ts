import type { ComuneRepository } from '../store.ts';
import type { PgPool } from './open.ts';

export function pgComuni(pool: PgPool): ComuneRepository {
  return {
    exists: async (code) => (await pool.query('SELECT 1 FROM comuni WHERE code = $1', [code])).rowCount! > 0,
    list: async () =>
      (await pool.query<{ code: string; name: string }>('SELECT code, name FROM comuni ORDER BY code COLLATE "C"'))
        .rows,
  };
}

/** Whether the database answers (the health check). */
export async function pgPing(pool: PgPool): Promise<void> {
  await pool.query('SELECT 1');
}
