import { Hono } from 'hono';
import { badRequest } from '../errors/http-error.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { requireUser } from '../http/session-middleware.ts';

export function searchRoutes({ store }: Deps) {
  const app = new Hono<AppEnv>();
  app.get('/search', async (c) => {
    const user = requireUser(c);
    const q = c.req.query('q') ?? '';
    if (q.trim().length === 0)
      throw badRequest('Parametro q obbligatorio: indirizzo, foglio/particella[/sub] o codice edificio');
    if (q.length > 200) throw badRequest('Parametro q troppo lungo (massimo 200 caratteri)');
    return c.json({ query: q, results: await store.search(user.comuni, q) });
  });
  return app;
}
