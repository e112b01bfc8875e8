// `npm start` with two web processes sharing the port (node:cluster): a session made in one is good in the
// other, and the public calculator's limit is counted once for both (counted apart, the connections handed to
// the two processes in turn would get twice the limit). On PostgreSQL the server starts on a new empty database
// and creates the demo there itself.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALCULATOR_LIMIT } from '../../server/tax/calculator-routes.ts';
import { ENGINES } from '../helpers/engine-app.ts';
import { createTestDatabase, pgUrl, type TestDatabase } from '../helpers/pg-url.ts';
import { ROOT } from '../helpers/test-app.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** Start-up creates the demo: a SQLite file, or on PostgreSQL a SQLite file then copied and verified (slower). */
const STARTUP_MS = { sqlite: 60_000, postgres: 120_000 };

describe.each(ENGINES)('web processes (EDIGIT_WEB_WORKERS=2, %s)', (engine) => {
  let dir: string;
  let database: TestDatabase | undefined;
  let register: Record<string, string>; // where the register is, in the environment of `npm start`
  let server: ChildProcess;
  let base: string;
  let output = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edigit-cluster-'));
    if (engine === 'postgres') {
      database = await createTestDatabase(pgUrl()!);
      register = { EDIGIT_DB: database.url, EDIGIT_DATA_DIR: dir };
    } else register = { EDIGIT_DB: join(dir, 'edigit.db') };
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [join(ROOT, 'server', 'main.ts')], {
      env: {
        ...process.env,
        ...register,
        PORT: String(port),
        EDIGIT_DEMO_PARCELS: '200',
        EDIGIT_WEB_WORKERS: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d: Buffer) => (output += d));
    server.stderr!.on('data', (d: Buffer) => (output += d));
    const t0 = Date.now();
    while (!output.includes('Utenti demo') && server.exitCode === null && Date.now() - t0 < STARTUP_MS[engine])
      await new Promise((r) => setTimeout(r, 100));
  }, STARTUP_MS[engine] + 20_000);
  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = once(server, 'exit');
      server.kill();
      await exited;
    }
    await database?.drop(); // ends the connections of web processes still closing
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts two processes on one port and prints the logins once', () => {
    expect(output).toContain(`edigit in ascolto su ${base} (2 processi)`);
    expect(output.match(/Utenti demo/g)).toHaveLength(1);
    // on the engine asked for: the file, or the new database (its address without a password)
    expect(output).toContain(`Database: ${engine === 'sqlite' ? register.EDIGIT_DB : 'PostgreSQL postgres'}`);
    if (database) expect(output).toContain(`/${database.name}\n`);
  });

  it('answers with one session in whichever process takes the request', async () => {
    const login = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ username: 'tributi', password: 'tributi-demo' }),
    });
    expect(login.status).toBe(201);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    // new connections each time: the cluster hands them to both processes in turn
    const statuses = await Promise.all(
      Array.from({ length: 8 }, () =>
        fetch(`${base}/api/me`, { headers: { cookie, connection: 'close' } }).then((r) => r.status),
      ),
    );
    expect(statuses).toEqual(Array(8).fill(200));
  });

  it("counts the public calculator's limit once for all processes", async () => {
    const ask = () =>
      fetch(`${base}/api/tax/imu/calculate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base, connection: 'close' },
        body: JSON.stringify({
          year: 2025,
          object: { kind: 'fabbricato', categoria: 'A/2', rendita: 900 },
          rate_percent: 1.06,
          months: 12,
        }),
      }).then((r) => r.status);
    const statuses: number[] = [];
    for (let i = 0; i <= CALCULATOR_LIMIT.points; i++) statuses.push(await ask());
    expect(statuses.filter((s) => s === 200)).toHaveLength(CALCULATOR_LIMIT.points);
    expect(statuses.at(-1)).toBe(429);
  });

  it('stops with a clear message, instead of restarting for ever, when the port is taken', async () => {
    const taken = new URL(base).port;
    const second = spawn(process.execPath, [join(ROOT, 'server', 'main.ts')], {
      env: { ...process.env, ...register, PORT: taken, EDIGIT_WEB_WORKERS: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let said = '';
    second.stderr!.on('data', (d: Buffer) => (said += d));
    const [code] = (await once(second, 'exit')) as [number];
    expect(code).toBe(1);
    expect(said).toMatch(/^edigit non può partire: il processo web \d+ è terminato prima di ascoltare$/m);
  });
});
