// HTTP of the tax audit: runs (jobs with progress), the findings worklist, its workflow, CSV and the
// dashboard's aggregates. Only tributi and admin, of the finding's comune; reads are logged by the store.
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { FINDING_STATES } from '../domain/audit/workflow.ts';
import { parseBBox } from '../domain/geometry/bbox-problem.ts';
import { claimableYears } from '../domain/tax/index.ts';
import type { User } from '../domain/users/user.ts';
import { forbiddenError, invalidError, notFoundError } from '../errors/domain-error.ts';
import { badRequest } from '../errors/http-error.ts';
import { csvCell } from '../exchange/opendata/opendata-routes.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { checkIfMatch, requireIfMatch } from '../http/preconditions.ts';
import { readJson } from '../http/read-json.ts';
import { requireUser } from '../http/session-middleware.ts';
import { textStream } from '../http/text-stream.ts';
import { inScope, may } from '../policy/policy.ts';
import type { FindingFilter, FindingItem } from '../store/audit.ts';
import { STALE_FINDING } from '../store/audit.ts';
import { startAuditRun } from './run-audit.ts';

const Comune = z.string().regex(/^[A-Z]\d{3}$/, 'codice Belfiore (es. E617)');

export const AuditRunRequest = z
  .object({
    comune: Comune,
    years: z.array(z.number().int().min(2000).max(2100)).min(1).max(10).optional(),
  })
  .strict();

export const FindingPatch = z
  .object({
    state: z.enum(FINDING_STATES).optional(),
    assignee: z.string().min(1).max(40).nullable().optional(),
    note: z.string().max(2000).optional(),
  })
  .strict()
  .refine((p) => p.state !== undefined || p.assignee !== undefined || p.note !== undefined, {
    message: 'indicare almeno uno tra state, assignee e note',
    path: ['state'],
  });

export const BulkAssign = z
  .object({
    ids: z.array(z.number().int().positive()).min(1).max(500),
    assignee: z.string().min(1).max(40).nullable(),
  })
  .strict();

const BBox = z.string().transform((s, ctx) => {
  const b = parseBBox(s);
  if (typeof b === 'string') {
    ctx.addIssue({ code: 'custom', message: b });
    return z.NEVER;
  }
  return b;
});

const FilterQuery = z
  .object({
    comune: Comune.optional(),
    rule: z.coerce.number().int().min(1).max(7).optional(),
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    state: z.enum(FINDING_STATES).optional(),
    /** A username; `assignee=` (empty) asks for the unassigned. */
    assignee: z.string().max(40).optional(),
    min_eur: z.coerce.number().min(0).optional(),
    bbox: BBox.optional(),
    foglio: z
      .string()
      .regex(/^\d{1,4}$/, 'foglio: fino a 4 cifre')
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

function idParam(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw badRequest(`Identificativo non valido: ${raw.slice(0, 40)}`);
  return Number(raw);
}

/** The comune asked for, or the user's only one; 403 for roles without access to tax data. */
function comuneOf(user: User, comune: string | undefined): string {
  if (!may(user, 'personal-data'))
    throw forbiddenError(`Il ruolo ${user.role} non può consultare le verifiche tributarie`);
  if (comune) return comune;
  if (user.comuni.length === 1) return user.comuni[0]!;
  throw invalidError('Indicare il comune', [{ path: 'comune', message: 'obbligatorio per chi opera su più comuni' }]);
}

function filterOf(c: Context<AppEnv>, user: User): FindingFilter {
  const { comune, ...rest } = FilterQuery.parse(c.req.query());
  return { comune: comuneOf(user, comune), ...rest };
}

const item = (f: FindingItem) => ({
  id: f.id,
  rule: f.rule,
  year: f.year,
  unit_id: f.unit_id,
  building_id: f.building_id,
  parcel_id: f.parcel_id,
  subject_id: f.subject_id,
  amount_eur: f.amount_eur,
  claimable_eur: f.claimable_eur,
  state: f.state,
  assignee: f.assignee,
  evidence: f.evidence,
  foglio: f.foglio,
  etag: f.etag,
  first_seen_run: f.first_seen_run,
  last_seen_run: f.last_seen_run,
});

/** A finding as the routes send it: what the client's worklist reads (client/audit/findings.ts). */
export type FindingWire = ReturnType<typeof item>;

const CSV_COLUMNS = [
  'id',
  'regola',
  'anno',
  'foglio',
  'unita',
  'edificio',
  'particella',
  'soggetto',
  'codice_fiscale',
  'importo_eur',
  'recuperabile_eur',
  'stato',
  'assegnatario',
  'descrizione',
] as const;

async function* csvLines(findings: AsyncIterable<FindingItem>): AsyncGenerator<string> {
  yield `${CSV_COLUMNS.join(',')}\n`;
  for await (const f of findings) {
    const e = f.evidence as { codice_fiscale?: string; summary?: string };
    yield `${[
      f.id,
      f.rule,
      f.year,
      f.foglio,
      f.unit_id,
      f.building_id,
      f.parcel_id,
      f.subject_id,
      e.codice_fiscale,
      f.amount_eur,
      f.claimable_eur,
      f.state,
      f.assignee,
      e.summary,
    ]
      .map(csvCell)
      .join(',')}\n`;
  }
}

export function auditRoutes(deps: Deps) {
  const { audit } = deps.store;
  const app = new Hono<AppEnv>();

  app.post('/audit/runs', async (c) => {
    const user = requireUser(c);
    const req = await readJson(c, AuditRunRequest);
    const comune = comuneOf(user, req.comune);
    if (!inScope(user, comune)) throw notFoundError(`Comune ${comune} non trovato`);
    const today = new Date().toISOString().slice(0, 10);
    const allowed = claimableYears(today);
    const bad = (req.years ?? []).findIndex((y) => !allowed.includes(y));
    if (bad >= 0) {
      throw invalidError('Anno non verificabile', [
        {
          path: `years.${bad}`,
          message:
            `anni verificabili: ${allowed[0]}–${allowed[allowed.length - 1]} ` +
            "(l'anno in corso e i cinque precedenti)",
        },
      ]);
    }
    const run = await startAuditRun(deps, user, comune, req.years ?? allowed, today);
    return c.json(run, 202, { Location: `/api/audit/runs/${run.id}` });
  });

  app.get('/audit/runs/:id', async (c) => c.json(await audit.getRun(requireUser(c), idParam(c.req.param('id')))));

  app.get('/audit/findings', async (c) => {
    const user = requireUser(c);
    const { items, next } = await audit.list(user, filterOf(c, user));
    c.header('Cache-Control', 'private, no-store');
    return c.json({ items: items.map(item), next });
  });

  app.get('/audit/findings.csv', async (c) => {
    const user = requireUser(c);
    const { limit: _l, cursor: _c, ...filter } = filterOf(c, user);
    const body = textStream(csvLines(audit.iterate(user, filter)));
    return c.body(body, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Cache-Control': 'private, no-store',
      'Content-Disposition': `attachment; filename="segnalazioni-${filter.comune}.csv"`,
    });
  });

  app.get('/audit/findings/:id', async (c) => {
    const f = await audit.get(requireUser(c), idParam(c.req.param('id')));
    c.header('ETag', f.etag);
    c.header('Cache-Control', 'private, no-store');
    return c.json({ ...item(f), steps: f.steps });
  });

  app.patch('/audit/findings/:id', async (c) => {
    const user = requireUser(c);
    const id = idParam(c.req.param('id'));
    if (!may(user, 'personal-data')) throw forbiddenError(`Il ruolo ${user.role} non può lavorare le segnalazioni`);
    const ifMatch = requireIfMatch(c, 'della segnalazione letta');
    checkIfMatch(ifMatch, await audit.etag(user, id), STALE_FINDING);
    const change = await readJson(c, FindingPatch);
    const f = await audit.patch(user, id, ifMatch, change);
    c.header('ETag', f.etag);
    return c.json({ ...item(f), steps: f.steps });
  });

  app.get('/audit/findings/:id/history', async (c) =>
    c.json(await audit.events(requireUser(c), idParam(c.req.param('id')))),
  );

  app.post('/audit/findings/bulk-assign', async (c) => {
    const user = requireUser(c);
    if (!may(user, 'personal-data')) throw forbiddenError(`Il ruolo ${user.role} non può assegnare le segnalazioni`);
    const req = await readJson(c, BulkAssign);
    return c.json({ updated: await audit.bulkAssign(user, req.ids, req.assignee) });
  });

  app.get('/audit/summary', async (c) => {
    const user = requireUser(c);
    const { comune } = z.object({ comune: Comune.optional() }).strict().parse(c.req.query());
    c.header('Cache-Control', 'private, no-store');
    return c.json(await audit.summary(user, comuneOf(user, comune)));
  });
  return app;
}
