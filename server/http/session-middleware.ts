import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import type { User } from '../domain/users/user.ts';
import { unauthorized } from '../errors/http-error.ts';
import type { Store } from '../store/store.ts';
import type { AppEnv } from './env.ts';

/** Puts the session's user (or null) on the context, and runs the request within the user's comuni. */
export function sessionMiddleware(store: Pick<Store, 'sessions' | 'withComuni'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const user = token ? await store.sessions.userForToken(token) : null;
    c.set('user', user);
    await store.withComuni(user?.comuni ?? [], next);
  };
}

export function requireUser(c: Context<AppEnv>): User {
  const user = c.get('user');
  if (!user) throw unauthorized();
  return user;
}
