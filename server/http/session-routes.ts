import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { meView } from '../auth/me-view.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import type { User } from '../domain/users/user.ts';
import { HttpError } from '../errors/http-error.ts';
import type { LoginThrottle, LoginVerdict } from '../store/login-throttle.ts';
import type { SessionStore } from '../store/store.ts';
import type { AppEnv } from './env.ts';
import { readJson } from './read-json.ts';
import { requireUser } from './session-middleware.ts';

export const LoginBody = z
  .object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) })
  .strict();

/** 429 with Retry-After while the account or the address must wait; the password is not even tried. */
function refuseWhileLocked(c: Context, verdict: LoginVerdict): void {
  if (verdict.allowed) return;
  const seconds = verdict.retryAfterSeconds;
  const minutes = Math.ceil(seconds / 60);
  c.header('Retry-After', String(seconds));
  throw new HttpError(
    429,
    'too_many_attempts',
    seconds < 60
      ? `Troppi tentativi di accesso falliti: riprovare tra ${seconds} second${seconds === 1 ? 'o' : 'i'}.`
      : `Troppi tentativi di accesso falliti: accesso sospeso per ${minutes} ` +
          `minut${minutes === 1 ? 'o' : 'i'}. Riprovare più tardi o chiedere a un amministratore lo sblocco.`,
    { retryAfterSeconds: seconds },
  );
}

export function sessionRoutes(sessions: SessionStore, throttle: LoginThrottle) {
  const app = new Hono<AppEnv>();
  const me = async (user: User) => meView(user, await sessions.meComuni(user));
  app.post('/session', async (c) => {
    const body = await readJson(c, LoginBody);
    const { address } = c.get('client');
    refuseWhileLocked(c, await throttle.check(body.username, address));
    const result = await sessions.login(body.username, body.password);
    if (!result) {
      await throttle.failed(body.username, address);
      throw new HttpError(401, 'invalid_credentials', 'Nome utente o password errati');
    }
    await throttle.succeeded(body.username);
    setCookie(c, SESSION_COOKIE, result.token, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      maxAge: 12 * 3600,
      secure: c.get('client').https,
    });
    return c.json(await me(result.user), 201);
  });
  app.delete('/session', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await sessions.logout(token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });
  app.get('/me', async (c) => c.json(await me(requireUser(c))));
  // The login page asks whether a session is open without provoking a 401.
  app.get('/session', async (c) => {
    const user = c.get('user');
    return c.json({ user: user ? await me(user) : null });
  });
  return app;
}
