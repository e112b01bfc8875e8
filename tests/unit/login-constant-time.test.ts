// A login costs one scrypt whether the username exists or not: response time does not reveal who has an account.
// Asserted on the work done, not on wall-clock time (tests never time).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const calls: string[] = [];
vi.mock('../../server/auth/password.ts', async (original) => {
  const real = await original<typeof import('../../server/auth/password.ts')>();
  return {
    ...real,
    verifyPassword: (password: string, stored: string) => {
      calls.push(stored.split('$').slice(0, 2).join('$'));
      return real.verifyPassword(password, stored);
    },
  };
});

const { openDatabase } = await import('../../server/db/open.ts');
const { login } = await import('../../server/store/sqlite/sessions.ts');
const { createUser } = await import('../../server/store/sqlite/users.ts');

let dir: string;
let db: ReturnType<typeof openDatabase>;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'edigit-login-'));
  db = openDatabase(join(dir, 'e.db'));
  db.prepare("INSERT INTO comuni (code, name, province, istat_code) VALUES ('E617', 'Lissone', 'MB', '108028')").run();
  createUser(db, { username: 'mario', password: 'password-giusta', role: 'urbanista', comuni: ['E617'] });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('login', () => {
  it('runs the same scrypt (same cost) for an unknown user, a wrong password and a right one', async () => {
    calls.length = 0;
    expect(await login(db, 'nessuno', 'qualsiasi')).toBeNull();
    expect(await login(db, 'mario', 'sbagliata')).toBeNull();
    expect((await login(db, 'mario', 'password-giusta'))?.user.username).toBe('mario');
    expect(calls).toEqual(['scrypt$16384', 'scrypt$16384', 'scrypt$16384']);
  });
});
