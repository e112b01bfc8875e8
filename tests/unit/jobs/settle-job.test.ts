// The last word on a background job never throws: nobody awaits it, and a throw there would be an unhandled
// rejection that ends the server (issue 8: a progress write killed it during a 300k-parcel import).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../server/db/open.ts';
import { sqliteJobs } from '../../../server/store/sqlite/jobs.ts';

describe('jobs.settle', () => {
  it('writes the final state, and when it cannot, logs instead of rejecting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edigit-settle-'));
    try {
      const db = openDatabase(join(dir, 'e.db'));
      const jobs = sqliteJobs(db);
      const id = await jobs.create({ kind: 'import', userId: 1, username: 'admin', comune: 'E617', params: {} });
      await jobs.settle(id, { status: 'done', progress: 1 });
      expect(await jobs.get(id)).toMatchObject({ status: 'done', progress: 1 });
      db.close();
      const log = vi.spyOn(console, 'error').mockImplementation(() => {});
      await expect(jobs.settle(id, { status: 'failed', error: 'x' })).resolves.toBeUndefined();
      expect(log).toHaveBeenCalledTimes(1);
      expect(String(log.mock.calls[0]![0])).toBe(`[edigit] stato del lavoro ${id} non registrato:`);
      log.mockRestore();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
