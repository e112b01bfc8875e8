import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { z } from 'zod';
import { FINDING_STATES } from '../../domain/audit/workflow.ts';
import { crsInfo } from '../../domain/crs/wkt.ts';
import { bboxProblem } from '../../domain/geometry/bbox-problem.ts';
import { validateAreaGeometry } from '../../domain/geometry/validate.ts';
import type { User } from '../../domain/users/user.ts';
import { forbidden, HttpError, notFound, unprocessable } from '../../errors/http-error.ts';
import type { AppEnv, Deps } from '../../http/env.ts';
import { readJson } from '../../http/read-json.ts';
import { requireUser } from '../../http/session-middleware.ts';
import { jobErrorMessage, runInWorker } from '../../jobs/run-in-worker.ts';
import { jobEnded, jobStarted } from '../../jobs/running-jobs.ts';
import { inScope, may, mayFollowJob } from '../../policy/policy.ts';
import { type Job, jobView } from '../../store/jobs.ts';
import { exchangeFile } from '../exchange-file.ts';
import { DEFAULT_EXPORT_LAYERS, EXPORT_LAYERS } from './catalogue.ts';
import { exportLogEntry, personalContents } from './export-log.ts';
import { checkExportOptions, EXPORT_CRSS, ExportError, type ExportOptions, type ExportSummary } from './run-export.ts';

export const ExportRequest = z
  .object({
    comune: z.string().regex(/^[A-Z]\d{3}$/, 'codice Belfiore (es. E617)'),
    layers: z.array(z.string()).min(1).max(30).default(DEFAULT_EXPORT_LAYERS),
    crs: z
      .string()
      .trim()
      .toUpperCase()
      .refine((c) => crsInfo(c) !== null, 'CRS non supportato: un codice EPSG noto a PROJ (es. EPSG:7791, EPSG:32633)')
      .default('EPSG:7791'),
    area: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('comune') }),
        z
          .object({ kind: z.literal('bbox'), bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]) })
          .superRefine(({ bbox: [minx, miny, maxx, maxy] }, ctx) => {
            const problem = bboxProblem({ minx, miny, maxx, maxy });
            if (problem) ctx.addIssue({ code: 'custom', path: ['bbox'], message: problem });
          }),
        z.object({ kind: z.literal('polygon'), polygon: z.unknown() }),
      ])
      .default({ kind: 'comune' }),
    personal: z.boolean().default(false),
    /** The worklist's filter for the audit_findings layer (the area above applies too). */
    findings: z
      .object({
        rule: z.number().int().min(1).max(7).optional(),
        year: z.number().int().min(2000).max(2100).optional(),
        state: z.enum(FINDING_STATES).optional(),
        assignee: z.string().max(40).optional(),
        min_eur: z.number().min(0).optional(),
        foglio: z
          .string()
          .regex(/^\d{1,4}$/, 'foglio: fino a 4 cifre')
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const WORKER = new URL('./export-worker.ts', import.meta.url);
export const EXPORT_TTL_HOURS = 24;

/** Exports (some with personal data) are kept for a day, then deleted. */
function sweepExports(dir: string): void {
  const limit = Date.now() - EXPORT_TTL_HOURS * 3600_000;
  for (const f of readdirSync(dir)) {
    const path = join(dir, f);
    if (statSync(path).mtimeMs < limit) rmSync(path, { force: true });
  }
}

/** What a finished export holds (the job's result). */
export interface ExportResult {
  layers: { id: string; count: number }[];
  bytes: number;
  crs: string;
}

const view = (job: Job) => ({
  ...jobView(job),
  result: job.result as ExportResult | null,
  download: job.status === 'done' ? `/api/exports/${job.id}/file` : null,
});
/** An export job as GET /api/exports/{id} and POST /api/exports answer (the client's type too). */
export type ExportJobView = ReturnType<typeof view>;

/** GET /api/exports/catalogue: the CRSs offered first, the layers the user may export, the default choice. */
export interface ExportCatalogue {
  crs: string[];
  layers: { id: string; title: string; description: string; personal: boolean; spatial: boolean }[];
  default: string[];
}

async function ownJob(deps: Deps, user: User, id: string): Promise<Job> {
  const job = await deps.store.jobs.get(id);
  // Someone else's export does not exist for this user (admins see all in their comuni).
  if (job?.kind !== 'export' || !mayFollowJob(user, job)) throw notFound(`Esportazione ${id.slice(0, 40)} non trovata`);
  return job;
}

export function exportRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.get('/exports/catalogue', (c) => {
    const user = requireUser(c);
    return c.json<ExportCatalogue>({
      crs: EXPORT_CRSS,
      layers: EXPORT_LAYERS.filter((l) => !l.personal || may(user, 'personal-data')).map(
        ({ id, title, description, personal, geometry }) => ({ id, title, description, personal, spatial: !!geometry }),
      ),
      default: DEFAULT_EXPORT_LAYERS,
    });
  });

  app.post('/exports', async (c) => {
    const user = requireUser(c);
    const dbPath = exchangeFile(deps.engine, "L'esportazione GeoPackage");
    const req = await readJson(c, ExportRequest);
    if (!inScope(user, req.comune) || !(await deps.store.comuni.exists(req.comune)))
      throw notFound(`Comune ${req.comune} non trovato`);
    if (req.personal && !may(user, 'personal-data'))
      throw forbidden('Solo i ruoli tributi e admin possono esportare dati personali');
    let area: ExportOptions['area'];
    if (req.area.kind === 'polygon') {
      const v = validateAreaGeometry(req.area.polygon);
      if (!v.ok) throw unprocessable("Poligono dell'area non valido", [{ path: 'area.polygon', ...v.problem }]);
      area = { kind: 'polygon', polygon: v.geometry };
    } else area = req.area;
    const options: ExportOptions = {
      comune: req.comune,
      layers: req.layers,
      crs: req.crs,
      area,
      includePersonal: req.personal,
      requestedBy: user.username,
    };
    if (req.layers.includes('audit_findings') && req.personal && may(user, 'personal-data')) {
      // Read through the audit store, which checks the comune and logs the read; the worker gets the ids.
      options.findingIds = [];
      const filter = { comune: req.comune, ...req.findings };
      for await (const f of deps.store.audit.iterate(user, filter)) options.findingIds.push(f.id);
    }
    try {
      checkExportOptions(options);
    } catch (e) {
      if (e instanceof ExportError) throw unprocessable(e.message, [{ path: e.path, message: e.message }]);
      throw e;
    }
    const { jobs } = deps.store;
    const id = await jobs.create({
      kind: 'export',
      userId: user.id,
      username: user.username,
      comune: req.comune,
      params: { ...req, area: { kind: area.kind } },
    });
    const dir = join(deps.dataDir, 'exports');
    mkdirSync(dir, { recursive: true });
    sweepExports(dir);
    const out = join(dir, `${id}.gpkg`);
    await jobs.update(id, { status: 'running' });
    runInWorker(
      WORKER,
      { dbPath, options, out },
      (done, total) => void jobs.settle(id, { progress: total ? done / total : 1 }),
      { signal: jobStarted(id) },
    )
      .then(async (result) => {
        const summary = result as ExportSummary;
        // logged before the file can be downloaded: a personal export nobody logged is never offered
        await deps.store.readLog.export(exportLogEntry(user, options, summary));
        await jobs.settle(id, {
          status: 'done',
          progress: 1,
          result: { layers: summary.layers, bytes: summary.bytes, crs: summary.crs },
          file: out,
        });
      })
      .catch((e: unknown) => jobs.settle(id, { status: 'failed', error: jobErrorMessage(e) }))
      .finally(() => jobEnded(id));
    return c.json(view((await jobs.get(id))!), 202, { Location: `/api/exports/${id}` });
  });

  app.get('/exports/:id', async (c) => c.json(view(await ownJob(deps, requireUser(c), c.req.param('id')))));

  app.get('/exports/:id/file', async (c) => {
    const user = requireUser(c);
    const job = await ownJob(deps, user, c.req.param('id'));
    if (job.status !== 'done' || !job.file)
      throw new HttpError(409, 'not_ready', `Esportazione non pronta (stato: ${job.status})`);
    if (!existsSync(job.file))
      throw new HttpError(410, 'gone', `File eliminato: le esportazioni restano disponibili ${EXPORT_TTL_HOURS} ore`);
    const params = job.params as { crs: string };
    // Every download of a file with personal data is a read of it, the first and each one after.
    const contents = personalContents(
      (job.result as { layers?: { id: string; count: number }[] } | null)?.layers ?? [],
    );
    if (contents)
      await deps.store.readLog.record(user, 'export', 0, `scaricamento dell'esportazione ${job.id}: ${contents}`);
    const name = `edigit-${job.comune}-${params.crs.replace(':', '')}-${job.created_at.slice(0, 10)}.gpkg`;
    return c.body(Readable.toWeb(createReadStream(job.file)) as ReadableStream, 200, {
      'Content-Type': 'application/geopackage+sqlite3',
      'Content-Length': String(statSync(job.file).size),
      'Content-Disposition': `attachment; filename="${name}"`,
    });
  });
  return app;
}
