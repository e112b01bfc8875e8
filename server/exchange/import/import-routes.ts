import { renameSync, rmSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import { isBelfiore } from '../../domain/cadastre/reference.ts';
import type { User } from '../../domain/users/user.ts';
import { zodDetails } from '../../errors/handler.ts';
import { forbidden, HttpError, notFound, unprocessable } from '../../errors/http-error.ts';
import { limitBody } from '../../http/body-limit.ts';
import type { AppEnv, Deps } from '../../http/env.ts';
import { requireUser } from '../../http/session-middleware.ts';
import { receiveUpload } from '../../http/upload.ts';
import { DEFAULT_JOB_LIMITS } from '../../jobs/limits.ts';
import { jobErrorMessage, runInWorker } from '../../jobs/run-in-worker.ts';
import { jobEnded, jobStarted } from '../../jobs/running-jobs.ts';
import { inScope, may } from '../../policy/policy.ts';
import { type Job, jobView } from '../../store/jobs.ts';
import { exchangeFile } from '../exchange-file.ts';
import type { ImportReport } from './apply.ts';
import { IMPORT_FORMATS, type ImportRequest } from './run-import.ts';

/** The form's own bytes around the file (boundaries, fields): the body may be this much over the file's limit. */
const FORM_OVERHEAD = 64 * 1024;
const WORKER = new URL('./import-worker.ts', import.meta.url);

const Form = z.object({
  format: z.enum(IMPORT_FORMATS),
  comune: z.string().trim().toUpperCase().refine(isBelfiore, 'codice Belfiore (es. E617)'),
  crs: z.string().trim().max(500).optional(),
  layer: z.string().trim().max(100).optional(),
  map: z.string().trim().max(1000).optional(),
  target: z.enum(['parcels', 'buildings']).optional(),
  dry_run: z.enum(['true', 'false']).default('true'),
  partial: z.enum(['true', 'false']).default('false'),
});

const view = (job: Job) => ({ ...jobView(job), report: job.result as ImportReport | null });

/** The importer may see the comune its import added; a failure is logged (an admin grants it by CLI). */
async function grantImportedComune(deps: Deps, user: User, comune: string): Promise<void> {
  try {
    await deps.store.users.grantComuni(user.username, [comune]);
  } catch (e) {
    console.error(`[edigit] comune ${comune} non aggiunto all'utente ${user.username} dopo l'import:`, e);
  }
}

export function importRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const limits = { ...DEFAULT_JOB_LIMITS, ...deps.limits };
  const tooLarge = `File troppo grande (massimo ${Math.round(limits.uploadBytes / 2 ** 20)} MiB)`;
  app.post('/imports', limitBody(limits.uploadBytes + FORM_OVERHEAD, tooLarge), async (c) => {
    const user = requireUser(c);
    if (!may(user, 'import')) throw forbidden('Solo gli amministratori possono importare dati');
    const dbPath = exchangeFile(deps.engine, "L'importazione");
    if (!/^multipart\/form-data/i.test(c.req.header('content-type') ?? ''))
      throw new HttpError(415, 'unsupported_media_type', 'Caricare il file come multipart/form-data (campo "file")');
    const dir = join(deps.dataDir, 'uploads');
    const { fields: form, file } = await receiveUpload(c.req.raw, dir, limits.uploadBytes);
    // Whatever is refused from here on, the upload does not stay on disk.
    const discard = (e: Error) => {
      if (file) rmSync(file.path, { force: true });
      return e;
    };
    if (!file || file.bytes === 0)
      throw discard(unprocessable('Nessun file caricato', [{ path: 'file', message: 'campo "file" obbligatorio' }]));
    const fields = Form.safeParse(Object.fromEntries(Object.entries(form).filter(([, v]) => v !== '')));
    if (!fields.success) throw discard(unprocessable('Dati non validi', zodDetails(fields.error)));
    const f = fields.data;
    // An admin imports into their comuni, or adds a new comune to the register (and to their scope).
    const known = await deps.store.comuni.exists(f.comune);
    if (known && !inScope(user, f.comune)) throw discard(notFound(`Comune ${f.comune} non trovato`));
    const { jobs } = deps.store;
    const id = await jobs.create({
      kind: 'import',
      userId: user.id,
      username: user.username,
      comune: f.comune,
      params: { ...f, file: file.name },
    });
    const path = join(dir, `${id}${extname(file.name).slice(0, 10)}`);
    renameSync(file.path, path);
    const request: ImportRequest = {
      format: f.format,
      file: path,
      name: file.name,
      comune: f.comune,
      dryRun: f.dry_run === 'true',
      partial: f.partial === 'true',
      username: user.username,
      maxFeatures: limits.importFeatures,
      jobId: id,
      ...(f.crs ? { crs: f.crs } : {}),
      ...(f.layer ? { layer: f.layer } : {}),
      ...(f.map ? { mapping: f.map } : {}),
      ...(f.target ? { target: f.target } : {}),
    };
    await jobs.update(id, { status: 'running' });
    runInWorker(
      WORKER,
      { dbPath, request },
      (done, total) => void jobs.settle(id, { progress: total ? done / total : 1 }),
      {
        resourceLimits: { maxOldGenerationSizeMb: limits.importHeapMb },
        timeoutMs: limits.importTimeoutMs,
        signal: jobStarted(id),
      },
    )
      .then(
        async (result) => {
          const report = result as ImportReport;
          await jobs.settle(id, {
            status: report.outcome === 'refused' ? 'failed' : 'done',
            progress: 1,
            result: report,
            ...(report.outcome === 'refused' ? { error: report.message ?? 'importazione rifiutata' } : {}),
          });
          // After the job says done: the import is committed whatever happens to this grant.
          if (report.comuneAdded && !report.dryRun) await grantImportedComune(deps, user, f.comune);
        },
        (e: unknown) => jobs.settle(id, { status: 'failed', error: jobErrorMessage(e) }),
      )
      // The upload may hold personal data (tax CSV): it is not kept once imported.
      .finally(() => {
        jobEnded(id);
        rmSync(path, { force: true });
      });
    return c.json(view((await jobs.get(id))!), 202, { Location: `/api/imports/${id}` });
  });
  app.get('/imports/:id', async (c) => {
    const user = requireUser(c);
    const job = await deps.store.jobs.get(c.req.param('id'));
    if (!may(user, 'import') || !job || job.kind !== 'import' || job.user_id !== user.id)
      throw notFound('Importazione non trovata');
    return c.json(view(job));
  });
  return app;
}
