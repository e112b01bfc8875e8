// Logins, tax dossier reads (which append to the read log) and job status live in the activity database, so a
// long import holding the register's write lock does not make them wait (issue 8: logins took 2.7–5.8 s).
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityPath } from '../../server/db/activity.ts';
import { openDatabase } from '../../server/db/open.ts';
import { makeTestApp, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(() => {
  t = makeTestApp();
});
afterAll(() => t.close());

describe('the activity database', () => {
  it('keeps sessions, login throttling, the read log and jobs out of the register file', () => {
    const inMain = (name: string) =>
      t.db.prepare("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    const inActivity = (name: string) =>
      t.db.prepare("SELECT 1 FROM activity.sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    for (const table of ['sessions', 'login_throttle', 'personal_data_reads', 'jobs']) {
      expect(inMain(table), table).toBe(false);
      expect(inActivity(table), table).toBe(true);
    }
    expect(existsSync(join(t.dir, 'edigit-activity.db'))).toBe(true);
    expect(activityPath('/data/edigit.db')).toBe('/data/edigit-activity.db');
    expect(activityPath('/data/register')).toBe('/data/register-activity');
  });

  it('logs in and serves a tax dossier, logging the read, while an import holds the register write lock', async () => {
    const id = (
      t.db.prepare("SELECT building_id AS id FROM units WHERE comune = 'E617' ORDER BY id LIMIT 1").get() as {
        id: number;
      }
    ).id;
    const importer = new DatabaseSync(join(t.dir, 'edigit.db'));
    importer.exec('PRAGMA busy_timeout = 0');
    importer.exec('BEGIN IMMEDIATE');
    importer.prepare("UPDATE buildings SET note = 'import in corso' WHERE id = ?").run(id);
    // the server may not wait at all: a wait on the register's lock would fail at once
    t.db.exec('PRAGMA busy_timeout = 0');
    try {
      const reads = () => (t.db.prepare('SELECT count(*) AS n FROM personal_data_reads').get() as { n: number }).n;
      const before = reads();
      const cookie = await t.login('tributi');
      const res = await t.request(`/api/buildings/${id}`, { cookie });
      expect(res.status).toBe(200);
      expect(reads()).toBeGreaterThan(before);
      expect((await t.request('/api/session', { method: 'DELETE', cookie })).status).toBe(204);
    } finally {
      t.db.exec('PRAGMA busy_timeout = 5000');
      importer.exec('ROLLBACK');
      importer.close();
    }
  });

  it('a new register sets the old activity file aside instead of inheriting its sessions', () => {
    const path = join(t.dir, 'other.db');
    const db = openDatabase(path);
    db.prepare("INSERT INTO sessions VALUES ('x', 1, '2999-01-01')").run();
    db.close();
    // the register is removed, its activity file is left: the new register must not see the old sessions
    for (const f of readdirSync(t.dir).filter((f) => f.startsWith('other.db'))) rmSync(join(t.dir, f));
    const again = openDatabase(path);
    expect((again.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n).toBe(0);
    again.close();
    const aside = readdirSync(t.dir).filter((f) => /^other-activity-\d{4}-.*\.db$/.test(f));
    expect(aside).toHaveLength(1);
    const old = new DatabaseSync(join(t.dir, aside[0]!), { readOnly: true });
    expect(old.prepare('SELECT token_hash FROM sessions').all()).toEqual([{ token_hash: 'x' }]);
    old.close();
  });
});
