import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/auth/password.ts';
import { ENGINES, type EngineApp, makeEngineApp } from '../helpers/engine-app.ts';
import { ROOT } from '../helpers/test-app.ts';

const LOCKED = new RegExp(
  '^Troppi tentativi di accesso falliti: accesso sospeso per \\d+ minuti\\. ' +
    'Riprovare più tardi o chiedere a un amministratore lo sblocco\\.$',
);

describe.each(ENGINES)('login throttling (%s)', (engine) => {
  let t: EngineApp;
  beforeAll(async () => {
    t = await makeEngineApp(engine);
  });
  afterAll(() => t.close());

  /** A login from a given client address, as node-server hands it over (each test its own address). */
  function login(username: string, password: string, peer: string) {
    return t.app.request(
      '/api/session',
      {
        method: 'POST',
        body: JSON.stringify({ username, password }),
        headers: { 'content-type': 'application/json' },
      },
      { incoming: { socket: { remoteAddress: peer } } },
    );
  }

  /** Wrong passwords in a row, each after the pause the previous one imposed (as if its seconds had passed). */
  async function failTimes(n: number, username: string, peer: string) {
    for (let i = 0; i < n; i++) {
      await expirePause(username);
      const res = await login(username, 'sbagliata', peer);
      expect(res.status, `tentativo ${i + 1}`).toBe(401);
      expect((await res.json()).error.code).toBe('invalid_credentials');
    }
  }

  async function expectLocked(res: Response, minSeconds: number) {
    expect(res.status).toBe(429);
    const body = await res.json();
    expect(body.error.code).toBe('too_many_attempts');
    expect(body.error.message).toMatch(LOCKED);
    const retry = Number(res.headers.get('retry-after'));
    expect(retry).toBe(body.error.details.retryAfterSeconds);
    expect(retry).toBeGreaterThanOrEqual(minSeconds);
    expect(res.headers.get('set-cookie')).toBeNull();
    return retry;
  }

  /** Lets the account's pause between tries run out, as if its seconds had passed. */
  function expirePause(username: string) {
    return t.exec('UPDATE login_throttle SET expire = ? WHERE key = ?', Date.now() - 1, `pause:${username}`);
  }

  /** Lets the account's current lock run out, as if its time had passed. */
  function expireLock(username: string) {
    return t.exec('UPDATE login_throttle SET expire = ? WHERE key = ?', Date.now() - 1, `account:${username}`);
  }

  it('answers the 6th attempt after 5 failures with 429, Retry-After, in Italian, even if right', async () => {
    await failTimes(5, 'urbanista', '192.0.2.1');
    await expectLocked(await login('urbanista', 'sbagliata', '192.0.2.1'), 14 * 60);
    // From another address too: the lock is on the account.
    await expectLocked(await login('urbanista', 'urbanista-demo', '192.0.2.2'), 14 * 60);
  });

  it('makes each failure from the second on wait longer (2, 4, 8 s) before the next try', async () => {
    expect((await login('cesano', 'sbagliata', '192.0.2.6')).status).toBe(401);
    expect((await login('cesano', 'sbagliata', '192.0.2.6')).status).toBe(401);
    for (const seconds of [2, 4, 8]) {
      const res = await login('cesano', 'cesano-demo', '192.0.2.6');
      expect(res.status).toBe(429);
      const body = await res.json();
      expect(body.error).toEqual({
        code: 'too_many_attempts',
        message: `Troppi tentativi di accesso falliti: riprovare tra ${seconds} secondi.`,
        details: { retryAfterSeconds: seconds },
      });
      expect(res.headers.get('retry-after')).toBe(String(seconds));
      // the refused try counts for nothing; once the pause has run out the next wrong one doubles it
      await expirePause('cesano');
      if (seconds < 8) expect((await login('cesano', 'sbagliata', '192.0.2.6')).status).toBe(401);
    }
    expect((await login('cesano', 'cesano-demo', '192.0.2.6')).status).toBe(201);
    // a success forgets the count: the next mistake waits nothing
    expect((await login('cesano', 'sbagliata', '192.0.2.6')).status).toBe(401);
    expect((await login('cesano', 'cesano-demo', '192.0.2.6')).status).toBe(201);
  });

  it.runIf(engine === 'sqlite')('lets the account in again after an admin unlock (edigit user unlock)', async () => {
    const unlock = edigit(['user', 'unlock', '--username', 'urbanista', '--db', join(t.dir, 'edigit.db')]);
    expect(unlock.stdout.trim()).toBe('utente urbanista sbloccato');
    expect(unlock.status).toBe(0);
    expect((await login('urbanista', 'urbanista-demo', '192.0.2.1')).status).toBe(201);
    expect(edigit(['user', 'unlock', '--username', 'urbanista', '--db', join(t.dir, 'edigit.db')]).stdout.trim()).toBe(
      'utente urbanista non era bloccato',
    );
    expect(edigit(['user', 'unlock']).status).toBe(2);
  });

  // `edigit user unlock` opens a SQLite file only (--db FILE): on PostgreSQL the unlock it runs, through the store.
  it.runIf(engine === 'postgres')("lets the account in again after an admin unlock (the store's unlock)", async () => {
    expect(await t.store.loginThrottle.unlock('urbanista')).toBe(true);
    expect((await login('urbanista', 'urbanista-demo', '192.0.2.1')).status).toBe(201);
    expect(await t.store.loginThrottle.unlock('urbanista')).toBe(false);
  });

  it('locks longer each time within a day, and lets in after the lock expires', async () => {
    await failTimes(5, 'tributi', '192.0.2.3');
    const first = await expectLocked(await login('tributi', 'tributi-demo', '192.0.2.3'), 14 * 60);
    await expireLock('tributi');
    await failTimes(5, 'tributi', '192.0.2.3');
    const second = await expectLocked(await login('tributi', 'tributi-demo', '192.0.2.3'), 29 * 60);
    expect(second).toBeGreaterThan(first);
    await expireLock('tributi');
    await expirePause('tributi');
    expect((await login('tributi', 'tributi-demo', '192.0.2.3')).status).toBe(201);
  });

  it('throttles unknown usernames the same way, revealing nothing', async () => {
    await failTimes(5, 'nessuno', '192.0.2.4');
    await expectLocked(await login('nessuno', 'x', '192.0.2.4'), 14 * 60);
  });

  it('resets the count on success', async () => {
    await failTimes(4, 'consultazione', '192.0.2.5');
    await expirePause('consultazione');
    expect((await login('consultazione', 'consultazione-demo', '192.0.2.5')).status).toBe(201);
    await failTimes(4, 'consultazione', '192.0.2.5');
    await expirePause('consultazione');
    expect((await login('consultazione', 'consultazione-demo', '192.0.2.5')).status).toBe(201);
  });

  it('locks an address that guesses across many accounts, whatever the account', async () => {
    for (let i = 0; i < 30; i++) {
      expect((await login(`utente${i}`, 'sbagliata', '198.51.100.7')).status).toBe(401);
    }
    await expectLocked(await login('admin', 'admin-demo', '198.51.100.7'), 60);
    expect((await login('admin', 'admin-demo', '198.51.100.8')).status).toBe(201);
  });

  it('checks passwords off the event loop (async scrypt on the thread pool)', async () => {
    const order: string[] = [];
    // read first: on PostgreSQL the read itself lets the event loop turn
    const row = await t.row<{ h: string }>("SELECT password_hash h FROM users WHERE username = 'admin'");
    setImmediate(() => order.push('event loop free'));
    const ok = await verifyPassword('x', row!.h);
    order.push('password checked');
    expect(ok).toBe(false);
    expect(order).toEqual(['event loop free', 'password checked']);
  });
});

function edigit(args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'server', 'cli', 'edigit.ts'), ...args], { encoding: 'utf8' });
}
