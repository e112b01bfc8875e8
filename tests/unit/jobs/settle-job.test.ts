// The last word on a background job never throws: nobody awaits it, and a throw there would be an unhandled
// rejection that ends the server (issue 8: a progress write killed it during a 300k-parcel import).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../server/db/open.ts';
import { createJob, getJob, settleJob } from '../../../server/jobs/job-store.ts';

describe('settleJob', () => {
  it('writes the final state, and when it cannot, logs instead of throwing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edigit-settle-'));
    try {
      const db = openDatabase(join(dir, 'e.db'));
      const id = createJob(db, { kind: 'import', userId: 1, username: 'admin', comune: 'E617', params: {} });
      settleJob(db, id, { status: 'done', progress: 1 });
      expect(getJob(db, id)).toMatchObject({ status: 'done', progress: 1 });
      db.close();
      const log = vi.spyOn(console, 'error').mockImplementation(() => {});
      expect(() => settleJob(db, id, { status: 'failed', error: 'x' })).not.toThrow();
      expect(log).toHaveBeenCalledTimes(1);
      expect(String(log.mock.calls[0]![0])).toBe(`[edigit] stato finale del lavoro ${id} non registrato:`);
      log.mockRestore();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
