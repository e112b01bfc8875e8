import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type EngineApp, makeEngineApp } from '../helpers/engine-app.ts';

describe.each(ENGINES)('health, session, me (%s)', (engine) => {
  let t: EngineApp;
  beforeAll(async () => {
    t = await makeEngineApp(engine);
  });
  afterAll(() => t.close());

  it('answers health without a session', async () => {
    const res = await t.request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('logs in with an httpOnly SameSite cookie and tells the role and comuni', async () => {
    const res = await t.request('/api/session', {
      method: 'POST',
      json: { username: 'urbanista', password: 'urbanista-demo' },
    });
    expect(res.status).toBe(201);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/edigit_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await res.json();
    expect(me.role).toBe('urbanista');
    expect(me.comuni.map((c: { code: string }) => c.code)).toEqual(['E617']);
    expect(me.permissions).toEqual({ personalData: false, editBuildings: true });
  });

  it('gives each demo role its permissions', async () => {
    for (const [u, personal, edit] of [
      ['admin', true, true],
      ['tributi', true, false],
      ['consultazione', false, false],
      ['cesano', false, true],
    ] as const) {
      const me = await (await t.request('/api/me', { cookie: await t.login(u) })).json();
      expect(me.permissions, u).toEqual({ personalData: personal, editBuildings: edit });
    }
  });

  it('refuses wrong credentials, malformed JSON, wrong types and other media types, changing nothing', async () => {
    const before = await t.snapshot();
    const cases: [RequestInit & { json?: unknown }, number, string][] = [
      [{ json: { username: 'urbanista', password: 'sbagliata' } }, 401, 'invalid_credentials'],
      [{ json: { username: 'nessuno', password: 'x' } }, 401, 'invalid_credentials'],
      [
        { body: '{"username": "urbanista", "password": ', headers: { 'content-type': 'application/json' } },
        400,
        'bad_request',
      ],
      [{ json: { username: 12, password: ['x'] } }, 422, 'validation_failed'],
      [{ json: { username: 'urbanista', password: 'urbanista-demo', role: 'admin' } }, 422, 'validation_failed'],
      [{ json: [] }, 422, 'validation_failed'],
      [
        { body: 'username=urbanista', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        415,
        'unsupported_media_type',
      ],
    ];
    for (const [init, status, code] of cases) {
      const res = await t.request('/api/session', { method: 'POST', ...init });
      expect(res.status, JSON.stringify(init)).toBe(status);
      const body = await res.json();
      expect(body.error.code).toBe(code);
      expect(typeof body.error.message).toBe('string');
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
    }
    expect(await t.snapshot()).toBe(before);
  });

  it('field-level reasons in 422', async () => {
    const res = await t.request('/api/session', { method: 'POST', json: { username: '', password: 5 } });
    const body = await res.json();
    expect(body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['password', 'username']);
  });

  it('logs out: the cookie stops working', async () => {
    const cookie = await t.login('consultazione');
    expect((await t.request('/api/me', { cookie })).status).toBe(200);
    expect((await t.request('/api/session', { method: 'DELETE', cookie })).status).toBe(204);
    const res = await t.request('/api/me', { cookie });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
  });

  it('ends a session at once when another process logs it out or changes its user', async () => {
    const cookie = await t.login('consultazione');
    const comuni = async () =>
      (await (await t.request('/api/me', { cookie })).json()).comuni.map((c: { code: string }) => c.code);
    expect(await comuni()).toEqual(['E617']);
    // another web process, or the command line, on the same register
    await t.exec("INSERT INTO user_comuni SELECT id, 'C566' FROM users WHERE username = 'consultazione'");
    expect(await comuni()).toEqual(['C566', 'E617']);
    await t.exec("DELETE FROM user_comuni WHERE comune = 'C566'");
    const token = decodeURIComponent(/edigit_session=([^;]+)/.exec(cookie)![1]!);
    await t.exec('DELETE FROM sessions WHERE token_hash = ?', createHash('sha256').update(token).digest('hex'));
    const res = await t.request('/api/me', { cookie });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
  });

  it('says whether a session is open without a 401', async () => {
    expect(await (await t.request('/api/session')).json()).toEqual({ user: null });
    const cookie = await t.login('tributi');
    expect((await (await t.request('/api/session', { cookie })).json()).user.username).toBe('tributi');
  });

  it('answers only health, login, OpenAPI and public tiles without a session', async () => {
    for (const path of [
      '/api/me',
      '/api/layers',
      '/api/search?q=via',
      '/api/buildings/1',
      '/api/buildings/1/history',
    ]) {
      const res = await t.request(path);
      expect(res.status, path).toBe(401);
    }
    expect(
      (
        await t.request('/api/buildings/1', {
          method: 'PATCH',
          json: { note: 'x' },
          headers: { 'If-Match': '"b1-v1"' },
        })
      ).status,
    ).toBe(401);
    expect((await t.request('/api/openapi.json')).status).toBe(200);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await t.request('/api/nope');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });

  it('describes the API in OpenAPI, PATCH body with the note', async () => {
    const doc = await (await t.request('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const p of [
      '/api/health',
      '/api/session',
      '/api/me',
      '/api/layers',
      '/api/tiles/{layer}/{z}/{x}/{y}.mvt',
      '/api/search',
      '/api/buildings/{id}',
      '/api/buildings/{id}/history',
    ])
      expect(doc.paths[p], p).toBeDefined();
    expect(Object.keys(doc.components.schemas.BuildingPatch.properties)).toContain('note');
    expect(doc.paths['/api/buildings/{id}'].patch.responses).toHaveProperty('428');
  });
});
