import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open.ts';
import { ROOT } from '../helpers/test-app.ts';

const dir = mkdtempSync(join(tmpdir(), 'edigit-cli-'));
const db = join(dir, 'cli.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function edigit(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'server', 'cli', 'edigit.ts'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, EDIGIT_DB: db, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('edigit command line', () => {
  it('has --help on every command', () => {
    for (const args of [
      ['--help'],
      ['seed', '--help'],
      ['user', 'add', '--help'],
      ['user', 'grant', '--help'],
      ['user', 'unlock', '--help'],
      ['export', '--help'],
      ['import', '--help'],
      ['migrate', '--help'],
    ]) {
      const r = edigit(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.out).toMatch(/Uso: edigit/);
    }
  });

  it('seeds a comune into EDIGIT_DB and adds a user scoped to it', () => {
    const seed = edigit(['seed', '--comune', 'C566', '--parcels', '150', '--seed', '3']);
    expect(seed.code, seed.err).toBe(0);
    expect(seed.out).toMatch(/C566: 150 particelle/);
    const user = edigit([
      'user',
      'add',
      '--username',
      'mario',
      '--password',
      'password-lunga',
      '--role',
      'tributi',
      '--comuni',
      'c566',
    ]);
    expect(user.code, user.err).toBe(0);
    const d = openDatabase(db);
    expect(
      d
        .prepare("SELECT u.role, c.comune FROM users u JOIN user_comuni c ON c.user_id = u.id WHERE username = 'mario'")
        .get(),
    ).toEqual({ role: 'tributi', comune: 'C566' });
    expect((d.prepare('SELECT count(*) n FROM parcels').get() as { n: number }).n).toBe(150);
    d.close();
  });

  it('extends a user to another comune, and exports and imports from the command line', () => {
    expect(edigit(['seed', '--comune', 'E617', '--parcels', '120', '--seed', '2']).code).toBe(0);
    const grant = edigit(['user', 'grant', '--username', 'mario', '--comuni', 'E617']);
    expect(grant.code, grant.err).toBe(0);
    expect(grant.out).toMatch(/C566, E617/);
    expect(edigit(['user', 'grant', '--username', 'nessuno', '--comuni', 'E617']).code).toBe(1);
    const out = join(dir, 'cli.gpkg');
    const exp = edigit([
      'export',
      '--comune',
      'E617',
      '--layers',
      'parcels,buildings',
      '--crs',
      'EPSG:3003',
      '--out',
      out,
    ]);
    expect(exp.code, exp.err).toBe(0);
    expect(exp.out).toMatch(/parcels 120/);
    expect(edigit(['export', '--comune', 'E617', '--layers', 'subjects', '--out', out]).code).toBe(2);
    // --personal is a read of personal data like any other: logged under the command line's name
    const personal = join(dir, 'personal.gpkg');
    const p = edigit(['export', '--comune', 'E617', '--layers', 'units,subjects', '--personal', '--out', personal]);
    expect(p.code, p.err).toBe(0);
    const logDb = openDatabase(db);
    const read = logDb
      .prepare(
        "SELECT user_id, username, what FROM personal_data_reads WHERE entity = 'export' ORDER BY id DESC LIMIT 1",
      )
      .get() as { user_id: number | null; username: string; what: string };
    logDb.close();
    expect([read.user_id, read.username]).toEqual([null, 'riga di comando']);
    expect(read.what).toMatch(
      new RegExp(
        `^esportazione GeoPackage ${personal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` +
          `: subjects \\(\\d+\\); \\d+ soggetti$`,
      ),
    );
    const other = join(dir, 'from-gpkg.db');
    const imp = edigit(['import', 'gpkg', out, '--comune', 'E617', '--layer', 'parcels', '--dry-run', '--db', other]);
    expect(imp.code, imp.err).toBe(0);
    expect(imp.out).toMatch(/PROVA[\s\S]*aggiunti: particelle 120/);
    expect(edigit(['import', 'shapefile', out, '--comune', 'E617']).code).toBe(2);
  });

  it('honours --db over EDIGIT_DB', () => {
    const other = join(dir, 'other.db');
    expect(edigit(['seed', '--comune', 'E617', '--parcels', '100', '--seed', '1', '--db', other]).code).toBe(0);
    const d = openDatabase(other);
    expect((d.prepare("SELECT count(*) n FROM parcels WHERE comune = 'E617'").get() as { n: number }).n).toBe(100);
    d.close();
  });

  it('explains bad usage (exit 2) and refused operations (exit 1) without changing anything', () => {
    expect(edigit(['seed', '--comune', 'C566']).code).toBe(2);
    expect(edigit(['seed', '--comune', 'C566', '--parcels', '10', '--seed', '1']).err).toMatch(/tra 100 e 1.000.000/);
    expect(edigit(['seed', '--comune', 'C566', '--parcels', '150', '--seed', '1', '--bogus']).code).toBe(2);
    expect(edigit(['frobnicate']).code).toBe(2);
    const again = edigit(['seed', '--comune', 'C566', '--parcels', '150', '--seed', '3']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/già presente/);
    const cases: [string[], RegExp][] = [
      [['--username', 'mario', '--password', 'password-lunga', '--role', 'tributi', '--comuni', 'C566'], /esiste già/],
      [['--username', 'luigi', '--password', 'corta', '--role', 'tributi', '--comuni', 'C566'], /almeno 8/],
      [
        ['--username', 'luigi', '--password', 'password-lunga', '--role', 'sindaco', '--comuni', 'C566'],
        /ruolo sconosciuto/,
      ],
      [
        ['--username', 'luigi', '--password', 'password-lunga', '--role', 'tributi', '--comuni', 'F205'],
        /non presente/,
      ],
      [['--username', 'luigi', '--password', 'password-lunga', '--role', 'tributi', '--comuni', 'XX'], /Belfiore/],
    ];
    for (const [args, reason] of cases) {
      const r = edigit(['user', 'add', ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err).toMatch(reason);
    }
    const d = openDatabase(db);
    expect((d.prepare('SELECT count(*) n FROM users').get() as { n: number }).n).toBe(1);
    d.close();
  });
});
