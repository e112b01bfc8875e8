import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteJobs } from '../../server/store/sqlite/jobs.ts';
import { makeTestApp, snapshot, type TestApp } from '../helpers/test-app.ts';

const CXF = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'cadastre', 'H501D076700.CTF');
let t: TestApp;
beforeAll(() => {
  t = makeTestApp({ parcels: 150 });
});
afterAll(() => t.close());

function form(fields: Record<string, string>, file?: { name: string; bytes: Uint8Array<ArrayBuffer> | string }) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  if (file) f.set('file', new Blob([file.bytes]), file.name);
  return f;
}

async function upload(
  user: string,
  fields: Record<string, string>,
  file?: { name: string; bytes: Uint8Array<ArrayBuffer> | string },
) {
  const cookie = await t.login(user);
  const res = await t.request('/api/imports', { method: 'POST', cookie, body: form(fields, file) });
  const body = await res.json();
  if (res.status !== 202) return { res, body, cookie, job: null };
  for (let i = 0; i < 200; i++) {
    const job = await (await t.request(`/api/imports/${body.id}`, { cookie })).json();
    if (job.status === 'done' || job.status === 'failed') return { res, body, cookie, job };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

const cxf = { name: 'H501D076700.CTF', bytes: new Uint8Array(readFileSync(CXF)) };

describe('imports through the API (admin only)', () => {
  it("runs a dry run, then the import, adding the comune to the register and to the admin's scope", async () => {
    const before = snapshot(t.db);
    const dry = await upload('admin', { format: 'cxf', comune: 'H501', crs: 'EPSG:7792', dry_run: 'true' }, cxf);
    expect(dry.res.status).toBe(202);
    expect(dry.job.status).toBe('done');
    expect(dry.job.report).toMatchObject({
      outcome: 'dry-run',
      comuneAdded: true,
      added: { particelle: 381, acque: 2, strade: 1, edifici: 131 },
    });
    expect(snapshot(t.db)).toBe(before);
    const real = await upload('admin', { format: 'cxf', comune: 'H501', crs: 'EPSG:7792', dry_run: 'false' }, cxf);
    expect(real.job.report.outcome).toBe('applied');
    const me = await (await t.request('/api/me', { cookie: real.cookie })).json();
    expect(me.comuni.map((c: { code: string }) => c.code)).toContain('H501');
    const again = await upload('admin', { format: 'cxf', comune: 'H501', crs: 'EPSG:7792', dry_run: 'false' }, cxf);
    expect(again.job.report.added).toEqual({});
    expect((t.db.prepare("SELECT count(*) n FROM parcels WHERE comune = 'H501'").get() as { n: number }).n).toBe(384);
    expect(readdirSync(join(t.dir, 'uploads'))).toEqual([]); // uploads are not kept
  });

  it('refuses other roles, missing files, bad fields and unreadable files with reasons, changing nothing', async () => {
    const before = snapshot(t.db);
    expect((await upload('urbanista', { format: 'cxf', comune: 'E617' }, cxf)).res.status).toBe(403);
    expect((await upload('admin', { format: 'cxf', comune: 'E617' })).res.status).toBe(422);
    const bad = await upload('admin', { format: 'shapefile', comune: 'E6' }, cxf);
    expect(bad.res.status).toBe(422);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['comune', 'format']);
    const broken = await upload(
      'admin',
      { format: 'cxf', comune: 'H501', crs: 'EPSG:7792', dry_run: 'false' },
      { name: 'x.ctf', bytes: 'MAPPA\nH501D076700\n4000\nBORDO\nH501D076700\nabc\n' },
    );
    expect(broken.job.status).toBe('failed');
    expect(broken.job.error).toMatch(/riga 6/);
    // a file SQLite cannot read: the job says so in Italian, never with SQLite's own message
    const notGpkg = await upload(
      'admin',
      { format: 'gpkg', comune: 'E617' },
      { name: 'x.gpkg', bytes: 'questo non è un GeoPackage' },
    );
    expect([notGpkg.job.status, notGpkg.job.error]).toEqual([
      'failed',
      'il file non è un GeoPackage leggibile (manca gpkg_contents)',
    ]);
    const json = await t.request('/api/imports', {
      method: 'POST',
      cookie: await t.login('admin'),
      json: { format: 'cxf' },
    });
    expect(json.status).toBe(415);
    expect(snapshot(t.db)).toBe(before);
    expect((await t.request('/api/imports/nope', { cookie: await t.login('admin') })).status).toBe(404);
  });
});

describe('imports within the configured bounds', () => {
  let small: TestApp;
  beforeAll(() => {
    small = makeTestApp({ parcels: 100, limits: { uploadBytes: 2 * 1024 * 1024, importFeatures: 100 } });
  });
  afterAll(() => small.close());
  const uploads = () => (existsSync(join(small.dir, 'uploads')) ? readdirSync(join(small.dir, 'uploads')) : []);
  const send = async (fields: Record<string, string>, file = cxf) =>
    small.request('/api/imports', { method: 'POST', cookie: await small.login('admin'), body: form(fields, file) });
  const wait = async (id: string) => {
    const cookie = await small.login('admin');
    for (let i = 0; i < 400; i++) {
      const job = await (await small.request(`/api/imports/${id}`, { cookie })).json();
      if (job.status === 'done' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('import did not finish');
  };

  it('refuses a file over the upload limit with 413 while streaming it, keeping nothing', async () => {
    const before = snapshot(small.db);
    const big = { name: 'big.ctf', bytes: new Uint8Array(3 * 1024 * 1024).fill(120) };
    const res = await send({ format: 'cxf', comune: 'H501', crs: 'EPSG:7792' }, big);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({
      code: 'payload_too_large',
      message: 'File troppo grande (massimo 2 MiB)',
    });
    expect(uploads()).toEqual([]);
    expect(snapshot(small.db)).toBe(before);
  });

  it('ends an import with more objects than configured, with the reason, changing nothing', async () => {
    const before = snapshot(small.db);
    const res = await send({ format: 'cxf', comune: 'H501', crs: 'EPSG:7792', dry_run: 'false' });
    expect(res.status).toBe(202);
    const job = await wait((await res.json()).id);
    expect([job.status, job.error]).toEqual([
      'failed',
      'il file contiene 515 oggetti: il massimo per importazione è 100 (EDIGIT_IMPORT_MAX_FEATURES)',
    ]);
    expect(uploads()).toEqual([]);
    expect(snapshot(small.db)).toBe(before);
  });
});

describe('stopping an import', () => {
  let own: TestApp;
  beforeAll(() => {
    own = makeTestApp({ parcels: 100 });
  });
  afterAll(() => own.close());

  it('lets its owner cancel it: the job says so, nothing is written, others get 404', async () => {
    const before = snapshot(own.db);
    const cookie = await own.login('admin');
    const start = () =>
      own.request('/api/imports', {
        method: 'POST',
        cookie,
        body: form({ format: 'cxf', comune: 'H501', crs: 'EPSG:7792', dry_run: 'false' }, cxf),
      });
    const { id } = await (await start()).json();
    expect(
      (await own.request(`/api/jobs/${id}`, { method: 'DELETE', cookie: await own.login('urbanista') })).status,
    ).toBe(404);
    const cancel = await own.request(`/api/jobs/${id}`, { method: 'DELETE', cookie });
    expect([cancel.status, await cancel.json()]).toEqual([202, { id, status: 'cancelling' }]);
    const finished = async (job: string) => {
      for (let i = 0; i < 400; i++) {
        const j = await (await own.request(`/api/imports/${job}`, { cookie })).json();
        if (j.status === 'failed' || j.status === 'done') return j;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('import did not finish');
    };
    const job = await finished(id);
    expect([job.status, job.error]).toEqual(['failed', "annullata dall'utente: nessuna modifica"]);
    const again = await own.request(`/api/jobs/${id}`, { method: 'DELETE', cookie });
    expect([again.status, (await again.json()).error.code]).toEqual([409, 'not_running']);
    expect(snapshot(own.db)).toBe(before);
    expect(readdirSync(join(own.dir, 'uploads'))).toEqual([]);
    // the database is free: the same import, not cancelled, writes the sheet
    const next = await finished((await (await start()).json()).id);
    expect([next.status, next.report.added.particelle]).toEqual(['done', 381]);

    // After a crash, the jobs left running tell the truth: committed (its log line is there) or not.
    const line = own.db.prepare('SELECT job_id, outcome FROM import_log WHERE job_id = ?').get(next.id);
    expect(line).toEqual({ job_id: next.id, outcome: 'applied' });
    const jobs = sqliteJobs(own.db);
    await jobs.update(next.id, { status: 'running' });
    const lost = await jobs.create({ kind: 'import', userId: 1, username: 'admin', comune: 'H501', params: {} });
    const lostExport = await jobs.create({ kind: 'export', userId: 1, username: 'admin', comune: 'E617', params: {} });
    expect(await jobs.failInterrupted()).toBe(3);
    const jobNow = async (id: string) => {
      const j = (await jobs.get(id))!;
      return [j.status, j.error, (j.result as { added?: unknown } | null)?.added ?? null];
    };
    expect(await jobNow(next.id)).toEqual(['done', null, { particelle: 381, acque: 2, strade: 1, edifici: 131 }]);
    expect(await jobNow(lost)).toEqual([
      'failed',
      "interrotta dal riavvio del server prima di concludersi: nessuna modifica salvata, ripetere l'importazione",
      null,
    ]);
    expect(await jobNow(lostExport)).toEqual([
      'failed',
      "interrotta dal riavvio del server: ripetere l'esportazione",
      null,
    ]);
  });
});
