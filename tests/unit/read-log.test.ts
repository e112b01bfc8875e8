// The read log: every read committed before the caller answers, the reads of one turn in one transaction.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../server/db/open.ts';
import type { User } from '../../server/domain/users/user.ts';
import { logPersonalRead } from '../../server/store/sqlite/read-log.ts';

let dir: string;
let db: Db;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'edigit-readlog-'));
  db = openDatabase(join(dir, 'log.db'));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = { id: null, username: 'riga di comando', role: 'admin', comuni: ['E617'] } as unknown as User;
const count = () => (db.prepare('SELECT count(*) n FROM personal_data_reads').get() as { n: number }).n;

describe('personal read log', () => {
  it('commits a burst of reads in one transaction, each caller resolved once its row is written', async () => {
    const exec = db.exec.bind(db);
    let begins = 0;
    db.exec = (sql: string) => {
      if (/^BEGIN/.test(sql)) begins++;
      exec(sql);
    };
    try {
      const before = count();
      await Promise.all(Array.from({ length: 20 }, (_, i) => logPersonalRead(db, cli, 'tile:x', i, `tile ${i}`)));
      expect([count() - before, begins]).toEqual([20, 1]);
      await logPersonalRead(db, cli, 'building', 7, 'fascicolo');
      expect([count() - before, begins]).toEqual([21, 2]);
    } finally {
      db.exec = exec;
    }
  });

  it('fails every caller of a batch that could not be written, so none answers unlogged', async () => {
    const ghost = { ...cli, username: null } as unknown as User; // no name: NOT NULL refuses the row
    const before = count();
    const results = await Promise.allSettled([
      logPersonalRead(db, cli, 'building', 1, 'a'),
      logPersonalRead(db, ghost, 'building', 2, 'b'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(count()).toBe(before);
  });
});
