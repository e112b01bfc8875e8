// DELETE /api/jobs/{id}: the owner of a running import or export (or an admin of its comune) stops it.
// The worker is stopped with its transaction open, so nothing of it stays; the job ends failed, saying so.
import { Hono } from 'hono';
import { HttpError, notFound } from '../errors/http-error.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { requireUser } from '../http/session-middleware.ts';
import { mayFollowJob } from '../policy/policy.ts';
import { cancelJob } from './running-jobs.ts';

export function jobRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.delete('/jobs/:id', async (c) => {
    const user = requireUser(c);
    const id = c.req.param('id');
    const job = await deps.store.jobs.get(id);
    if (!job || !mayFollowJob(user, job)) throw notFound(`Operazione ${id.slice(0, 40)} non trovata`);
    if ((job.status !== 'running' && job.status !== 'queued') || !cancelJob(id)) {
      throw new HttpError(409, 'not_running', `L'operazione non è in corso (stato: ${job.status})`);
    }
    return c.json({ id, status: 'cancelling' }, 202, {
      Location: `/api/${job.kind === 'import' ? 'imports' : 'exports'}/${id}`,
    });
  });
  return app;
}
