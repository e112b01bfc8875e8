import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import type { User } from '../domain/users/user.ts';
import { unauthorized } from '../errors/http-error.ts';
import type { SessionStore } from '../store/store.ts';
import type { AppEnv } from './env.ts';

/** Puts the session's user (or null) on the context. */
export function sessionMiddleware(sessions: SessionStore): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    c.set('user', token ? await sessions.userForToken(token) : null);
    await next();
  };
}

export function requireUser(c: Context<AppEnv>): User {
  const user = c.get('user');
  if (!user) throw unauthorized();
  return user;
}
