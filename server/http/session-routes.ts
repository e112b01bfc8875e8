import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { login, logout, SESSION_COOKIE } from '../auth/sessions.ts';
import { editsBuildings, seesPersonalData } from '../auth/roles.ts';
import type { User } from '../auth/users.ts';
import type { Db } from '../db/open.ts';
import { HttpError } from '../errors/http-error.ts';
import type { AppEnv } from './env.ts';
import { readJson } from './read-json.ts';
import { requireUser } from './session-middleware.ts';

export const LoginBody = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }).strict();

function me(db: Db, user: User) {
  const comuni = user.comuni.map((code) => {
    const c = db.prepare('SELECT code, name, province, minx, miny, maxx, maxy FROM comuni WHERE code = ?').get(code) as { code: string; name: string; province: string; minx: number | null; miny: number; maxx: number; maxy: number };
    // The map opens on the comune's data, or on its boundary when it has none yet.
    const data = db.prepare('SELECT count(*) parcels, min(minx) minx, min(miny) miny, max(maxx) maxx, max(maxy) maxy FROM parcels WHERE comune = ?').get(code) as { parcels: number; minx: number | null; miny: number; maxx: number; maxy: number };
    const b = data.minx !== null ? data : c;
    return { code: c.code, name: c.name, province: c.province, parcels: data.parcels, bbox: b.minx === null ? null : [b.minx, b.miny, b.maxx, b.maxy] };
  });
  return { username: user.username, role: user.role, comuni, permissions: { personalData: seesPersonalData(user.role), editBuildings: editsBuildings(user.role) } };
}

export function sessionRoutes(db: Db) {
  const app = new Hono<AppEnv>();
  app.post('/session', async (c) => {
    const body = await readJson(c, LoginBody);
    const result = login(db, body.username, body.password);
    if (!result) throw new HttpError(401, 'invalid_credentials', 'Nome utente o password errati');
    setCookie(c, SESSION_COOKIE, result.token, { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 12 * 3600, secure: c.req.url.startsWith('https:') });
    return c.json(me(db, result.user), 201);
  });
  app.delete('/session', (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) logout(db, token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });
  app.get('/me', (c) => c.json(me(db, requireUser(c))));
  // The login page asks whether a session is open without provoking a 401.
  app.get('/session', (c) => {
    const user = c.get('user');
    return c.json({ user: user ? me(db, user) : null });
  });
  return app;
}
