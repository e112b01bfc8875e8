import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { ENGINES, type EngineApp, makeEngineApp } from '../helpers/engine-app.ts';

const LOGIN = JSON.stringify({ username: 'urbanista', password: 'urbanista-demo' });
/** A login as node-server hands it over: with the peer's socket address. */
function loginFrom(app: EngineApp['app'], peer: string, headers: Record<string, string>) {
  const init = { method: 'POST', body: LOGIN, headers: { 'content-type': 'application/json', ...headers } };
  return app.request('/api/session', init, { incoming: { socket: { remoteAddress: peer } } });
}

describe.each(ENGINES)('security headers and the session cookie (%s)', (engine) => {
  let t: EngineApp;
  beforeAll(async () => {
    t = await makeEngineApp(engine, { trustedProxy: '10.0.0.1' });
  });
  afterAll(() => t.close());

  describe('security headers', () => {
    it('sends a strict CSP, nosniff, a referrer policy and forbids framing, on pages and API', async () => {
      for (const path of ['/api/health', '/api/nope']) {
        const res = await t.request(path);
        const directives = res.headers
          .get('content-security-policy')!
          .split(';')
          .map((d) => d.trim().split(/\s+/));
        const csp = Object.fromEntries(directives.map(([k, ...v]) => [k, v.join(' ')]));
        expect(csp, path).toMatchObject({
          'default-src': "'self'",
          'script-src': "'self'",
          'style-src': "'self' 'unsafe-inline'",
          'connect-src': "'self'",
          'worker-src': "'self' blob:",
          'object-src': "'none'",
          'frame-ancestors': "'none'",
          'base-uri': "'self'",
        });
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('referrer-policy')).toBe('same-origin');
        expect(res.headers.get('x-frame-options')).toBe('DENY');
      }
    });
  });

  describe('session cookie Secure behind TLS', () => {
    it('is Secure when the trusted proxy says https, not when anybody else says so', async () => {
      const { app } = t;
      const proxied = await loginFrom(app, '10.0.0.1', { 'x-forwarded-proto': 'https' });
      expect(proxied.status).toBe(201);
      expect(proxied.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
      const forged = await loginFrom(app, '203.0.113.9', { 'x-forwarded-proto': 'https' });
      expect(forged.status).toBe(201);
      expect(forged.headers.get('set-cookie')).not.toMatch(/Secure/i);
      const plain = await loginFrom(app, '10.0.0.1', { 'x-forwarded-proto': 'http' });
      expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/i);
    });

    it("is Secure on a direct https request, and the trusted proxy's https origin is our own", async () => {
      const init = { method: 'POST', body: LOGIN, headers: { 'content-type': 'application/json' } };
      const res = await t.app.request('https://localhost/api/session', init);
      expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
      const { app } = t;
      const ok = await loginFrom(app, '10.0.0.1', {
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'edigit.comune.it',
        origin: 'https://edigit.comune.it',
      });
      expect(ok.status).toBe(201);
    });
  });
});

// Configuration only: no app, no engine.
describe('listening address', () => {
  it('listens on 127.0.0.1 unless HOST says otherwise, and checks HOST and TRUSTED_PROXY at start-up', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({}).trustedProxy).toBeNull();
    expect(loadConfig({ HOST: '0.0.0.0', TRUSTED_PROXY: '10.0.0.1' })).toMatchObject({
      host: '0.0.0.0',
      trustedProxy: '10.0.0.1',
    });
    expect(() => loadConfig({ HOST: 'non valido!' })).toThrow(/configurazione non valida[\s\S]*HOST/);
    expect(() => loadConfig({ TRUSTED_PROXY: 'proxy.local' })).toThrow(/configurazione non valida[\s\S]*TRUSTED_PROXY/);
  });
});
