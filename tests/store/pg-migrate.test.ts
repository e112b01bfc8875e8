// `edigit migrate`: an installation moves from SQLite to PostgreSQL whole and verified, and never over data.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open.ts';
import { seedDemo } from '../../server/seed/demo.ts';
import { pgMigrations } from '../../server/store/postgres/open.ts';
import { createTestDatabase, pgUrl, type TestDatabase } from '../helpers/pg-url.ts';
import { ROOT } from '../helpers/test-app.ts';

const admin = pgUrl();

function edigit(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'server', 'cli', 'edigit.ts'), ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('PostgreSQL migrations', () => {
  it('are numbered in step with SQLite: both engines end at the same version', () => {
    const sqlite = readdirSync(join(ROOT, 'server', 'db', 'migrations'))
      .filter((f) => /^\d{3}_/.test(f))
      .map((f) => Number(f.slice(0, 3)));
    expect(pgMigrations().at(-1)?.version).toBe(Math.max(...sqlite));
  });
});

describe.skipIf(!admin)('edigit migrate --from FILE.db --to postgres://…', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edigit-migrate-'));
  const file = join(dir, 'edigit.db');
  let target: TestDatabase;
  const counts: Record<string, number> = {};

  beforeAll(async () => {
    const db = openDatabase(file);
    seedDemo(db, { parcels: 150, seed: 7 });
    for (const t of ['parcels', 'buildings', 'units', 'imu_payments', 'search_index', 'users'])
      counts[t] = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    db.close();
    target = await createTestDatabase(admin!);
  });
  afterAll(async () => {
    await target?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table, verifies each one and reports it', async () => {
    const r = edigit(['migrate', '--from', file, '--to', target.url]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`parcels +${counts.parcels} righe  sha256 [0-9a-f]{16}`));
    expect(r.out).toMatch(/migrazione completata: 38 tabelle, \d+ righe verificate/);
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      for (const [t, n] of Object.entries(counts)) {
        const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`);
        expect(rows[0]!.n, t).toBe(n);
      }
      // Geometries arrive as PostGIS geometries in WGS84, valid as they were.
      const { rows } = await client.query<{ srid: number; invalid: number }>(
        'SELECT min(ST_SRID(geom)) AS srid, count(*) FILTER (WHERE NOT ST_IsValid(geom))::int AS invalid FROM parcels',
      );
      expect(rows[0]).toEqual({ srid: 4326, invalid: 0 });
      // New rows continue after the copied ids, and the bulk move wrote nothing to the map's change feed.
      const next = await client.query<{ id: number }>(
        'INSERT INTO subjects (codice_fiscale, surname, name) ' +
          "VALUES ('ZZZZZZ00A00Z000Z', 'Prova', 'Prova') RETURNING id",
      );
      const max = await client.query<{ m: number }>('SELECT max(id) AS m FROM subjects WHERE id <> $1', [
        next.rows[0]!.id,
      ]);
      expect(next.rows[0]!.id).toBe(max.rows[0]!.m + 1);
      expect((await client.query('SELECT 1 FROM tile_changes')).rowCount).toBe(0);
      await client.query('DELETE FROM subjects WHERE id = $1', [next.rows[0]!.id]);
    } finally {
      await client.end();
    }
  });

  it('refuses a target that already holds data, and changes nothing there', () => {
    const r = edigit(['migrate', '--from', file, '--to', target.url]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^edigit: il database di destinazione non è vuoto \(comuni, .*\): non viene sovrascritto/);
  });

  it('refuses a missing source file and a target that is not a PostgreSQL address', () => {
    const missing = edigit(['migrate', '--from', join(dir, 'nessuno.db'), '--to', target.url]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--from: .*nessuno\.db non esiste/);
    const notPg = edigit(['migrate', '--from', file, '--to', join(dir, 'altro.db')]);
    expect(notPg.code).toBe(2);
    expect(notPg.err).toMatch(/--to: atteso un indirizzo postgres:\/\//);
  });
});
