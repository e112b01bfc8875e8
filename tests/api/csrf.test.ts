import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type EngineApp, makeEngineApp } from '../helpers/engine-app.ts';

const EVIL = { Origin: 'http://evil.example' };

function importForm(): FormData {
  const f = new FormData();
  f.set('format', 'cxf');
  f.set('comune', 'H501');
  f.set('crs', 'EPSG:7792');
  f.set('file', new Blob(['CXF fittizio']), 'H501D076700.CTF');
  return f;
}

async function expectCrossOrigin(res: Response) {
  expect(res.status).toBe(403);
  const body = await res.json();
  expect(body.error.code).toBe('cross_origin');
  expect(body.error.message).toBe('Richiesta rifiutata: proviene da un altro sito (origine non ammessa)');
}

describe.each(ENGINES)('requests from another site (CSRF) (%s)', (engine) => {
  let t: EngineApp;
  beforeAll(async () => {
    t = await makeEngineApp(engine);
  });
  afterAll(() => t.close());
  const jobCount = async () => (await t.row<{ n: number }>('SELECT CAST(count(*) AS INTEGER) AS n FROM jobs'))!.n;

  it('refuses a multipart import posted from another origin, starting no job and changing nothing', async () => {
    const cookie = await t.login('admin');
    const before = await t.snapshot();
    const jobs = await jobCount();
    const res = await t.request('/api/imports', { method: 'POST', cookie, body: importForm(), headers: EVIL });
    await expectCrossOrigin(res);
    expect(await jobCount()).toBe(jobs);
    expect(await t.snapshot()).toBe(before);
  });

  it('refuses before reading the body', async () => {
    let pulled = false; // highWaterMark 0: the stream is pulled only when somebody reads it
    const body = new ReadableStream(
      {
        pull(ctrl) {
          pulled = true;
          ctrl.enqueue(new TextEncoder().encode('{}'));
          ctrl.close();
        },
      },
      { highWaterMark: 0 },
    );
    const res = await t.request('/api/session', {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { ...EVIL, 'content-type': 'application/json' },
    } as RequestInit);
    await expectCrossOrigin(res);
    expect(pulled).toBe(false);
  });

  it('refuses a cross-site login, PATCH and logout, by Origin or by Sec-Fetch-Site without Origin', async () => {
    const cookie = await t.login('urbanista');
    const before = await t.snapshot();
    const login = { username: 'urbanista', password: 'urbanista-demo' };
    const attempts: [string, RequestInit & { json?: unknown; cookie?: string }][] = [
      ['/api/session', { method: 'POST', json: login, headers: { Origin: 'http://evil.example' } }],
      ['/api/session', { method: 'POST', json: login, headers: { Origin: 'null' } }],
      ['/api/session', { method: 'POST', json: login, headers: { Origin: 'https://localhost' } }],
      ['/api/session', { method: 'POST', json: login, headers: { 'Sec-Fetch-Site': 'cross-site' } }],
      [
        '/api/buildings/1',
        {
          method: 'PATCH',
          cookie,
          json: { note: 'x' },
          headers: { ...EVIL, 'If-Match': '"b1-v1"' },
        },
      ],
      ['/api/session', { method: 'DELETE', cookie, headers: { 'Sec-Fetch-Site': 'same-site' } }],
    ];
    for (const [path, init] of attempts) {
      const res = await t.request(path, init);
      expect(res.headers.get('set-cookie'), JSON.stringify(init.headers)).toBeNull();
      await expectCrossOrigin(res);
    }
    expect(await t.snapshot()).toBe(before);
    expect((await t.request('/api/me', { cookie })).status).toBe(200); // the DELETE did not log out
  });

  it('lets same-origin requests and requests without Origin (CLI, curl) through', async () => {
    const login = { username: 'urbanista', password: 'urbanista-demo' };
    const sameOrigin: Record<string, string>[] = [
      { Origin: 'http://localhost' },
      { 'Sec-Fetch-Site': 'same-origin' },
      {},
    ];
    for (const headers of sameOrigin) {
      const res = await t.request('/api/session', { method: 'POST', json: login, headers });
      expect(res.status, JSON.stringify(headers)).toBe(201);
    }
    // The import form passes the check and is judged on its content (no file: 422, not 403). On PostgreSQL the
    // import is not there yet (issue 9): past the check, the route says so (501) before reading the form.
    const form = importForm();
    form.delete('file');
    const cookie = await t.login('admin');
    const headers = { Origin: 'http://localhost' };
    const res = await t.request('/api/imports', { method: 'POST', cookie, body: form, headers });
    const expected = engine === 'sqlite' ? [422, 'validation_failed'] : [501, 'not_available'];
    expect([res.status, (await res.json()).error.code]).toEqual(expected);
  });

  it('lets safe methods from anywhere through', async () => {
    const res = await t.request('/api/health', { headers: { ...EVIL, 'Sec-Fetch-Site': 'cross-site' } });
    expect(res.status).toBe(200);
  });
});
