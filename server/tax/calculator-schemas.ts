// Request bodies of the public calculators (issue 7 §4), validated field by field: every refusal names its
// field. The OpenAPI document is generated from these same schemas.
import { z } from 'zod';
import { isGroupD, normalizeCategoria } from '../domain/tax/imu/categoria.ts';
import { IMU_STATE_SHARE_D } from '../domain/tax/national.ts';

const year = z.number().int().min(2020, 'anno dal 2020 (L. 160/2019)').max(2100);
const isoDate = z.iso.date('data nel formato AAAA-MM-GG');
const comune = z.string().regex(/^[A-Z]\d{3}$/, 'codice Belfiore del comune (es. E617)');
const flag = z.boolean().default(false);
const amount = (what: string) => z.number().min(0, `${what} non può essere negativo`).max(1e10);

/** A cadastral category, normalised (A2 → A/2). */
const categoria = z
  .string()
  .max(10)
  .transform((v, ctx) => {
    const normal = normalizeCategoria(v);
    if (normal) return normal;
    ctx.addIssue({
      code: 'custom',
      message: 'categoria catastale non valida (A/1…A/11, B/1…B/8, C/1…C/7, D/1…D/10, E/1…E/9, F/1…F/7)',
    });
    return z.NEVER;
  });

const ImuObject = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('fabbricato'),
      categoria,
      rendita: amount('la rendita'),
    }),
    z.strictObject({ kind: z.literal('terreno_agricolo'), reddito_dominicale: amount('il reddito dominicale') }),
    z.strictObject({ kind: z.literal('area_fabbricabile'), valore_venale: amount('il valore venale') }),
  ],
  { error: 'kind: fabbricato, terreno_agricolo o area_fabbricabile' },
);

type Issue = { path: string[]; message: string };

/** One of two alternatives (rate_percent | comune, tariff | comune), exactly. */
function exactlyOne(v: Record<string, unknown>, a: string, b: string): Issue[] {
  const n = Number(v[a] !== undefined) + Number(v[b] !== undefined);
  return n === 1 ? [] : [{ path: [a], message: `indicare ${a} oppure ${b} (uno e uno solo)` }];
}

/** from ≤ to, both inside the year. */
function periodIssues(v: { year: number; from?: string; to?: string }): Issue[] {
  const issues: Issue[] = [];
  for (const k of ['from', 'to'] as const) {
    if (v[k] !== undefined && v[k].slice(0, 4) !== String(v.year)) {
      issues.push({ path: [k], message: `la data deve cadere nel ${v.year}` });
    }
  }
  if (v.from && v.to && v.from > v.to) {
    issues.push({ path: ['from'], message: 'la data di inizio è successiva a quella di fine' });
  }
  return issues;
}

const report = (issues: Issue[], ctx: z.RefinementCtx) => {
  for (const i of issues) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
};

export const ImuCalculateRequest = z
  .strictObject({
    year,
    object: ImuObject,
    rate_percent: z.number().min(0).max(1.14, 'aliquota massima 1,14% (L. 160/2019 c. 755)').optional(),
    comune: comune.optional(),
    share: z.number().gt(0, 'la quota deve essere maggiore di 0').max(1, 'la quota non può superare 1').default(1),
    from: isoDate.optional(),
    to: isoDate.optional(),
    months: z.number().int().min(0).max(12).optional(),
    main_home: flag,
    main_home_pertinenza: flag,
    pertinenza_rank: z.number().int().min(1).max(99).default(1),
    main_home_categoria: categoria.optional(),
    historic: flag,
    unfit: flag,
    free_loan: flag,
    canone_concordato: flag,
    rural: flag,
    beni_merce: flag,
  })
  .superRefine((v, ctx) => {
    report(exactlyOne(v, 'rate_percent', 'comune'), ctx);
    if ((v.from === undefined) !== (v.to === undefined)) {
      report([{ path: [v.from === undefined ? 'from' : 'to'], message: 'indicare sia from sia to' }], ctx);
    }
    if (v.months !== undefined && v.from !== undefined) {
      report([{ path: ['months'], message: 'indicare il periodo con from/to oppure con months, non entrambi' }], ctx);
    }
    report(periodIssues(v), ctx);
    const o = v.object;
    if (
      v.rate_percent !== undefined &&
      v.rate_percent < IMU_STATE_SHARE_D.percent &&
      o.kind === 'fabbricato' &&
      isGroupD(o.categoria) &&
      o.categoria !== 'D/10' &&
      !v.rural
    ) {
      report(
        [
          {
            path: ['rate_percent'],
            message:
              `per il gruppo D l'aliquota non può essere inferiore allo ` +
              `${String(IMU_STATE_SHARE_D.percent).replace('.', ',')}% riservato allo Stato (L. 160/2019 c. 753)`,
          },
        ],
        ctx,
      );
    }
  });
export type ImuCalculateRequest = z.infer<typeof ImuCalculateRequest>;

export const TariCalculateRequest = z
  .strictObject({
    year,
    kind: z.enum(['domestica', 'non_domestica'], 'kind: domestica o non_domestica'),
    surface_m2: z.number().gt(0, 'la superficie deve essere maggiore di 0').max(1e7),
    occupants: z.number().int().min(1, 'almeno 1 occupante').max(100).optional(),
    category: z.number().int().min(1, 'categoria da 1 a 30').max(30, 'categoria da 1 a 30').optional(),
    superficie_catastale: z.number().gt(0).max(1e7).optional(),
    tariff: z
      .strictObject({ fixed_per_m2: amount('la tariffa fissa'), variable: amount('la tariffa variabile') })
      .optional(),
    comune: comune.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    tefa_percent: z.number().min(0).max(5, 'TEFA massima 5% (D.Lgs. 504/1992 art. 19)').optional(),
  })
  .superRefine((v, ctx) => {
    report(exactlyOne(v, 'tariff', 'comune'), ctx);
    if (v.kind === 'domestica' && v.occupants === undefined) {
      report([{ path: ['occupants'], message: 'numero di occupanti obbligatorio per le utenze domestiche' }], ctx);
    }
    if (v.kind === 'non_domestica' && v.category === undefined) {
      report([{ path: ['category'], message: 'categoria (1…30) obbligatoria per le utenze non domestiche' }], ctx);
    }
    report(periodIssues(v), ctx);
  });
export type TariCalculateRequest = z.infer<typeof TariCalculateRequest>;

const StepSchema = z.object({ rule: z.string(), text: z.string(), amount: z.number().optional() });

/** The engine's ImuResult (server/domain/tax/types.ts), for the OpenAPI document. */
export const ImuCalculateResponse = z.object({
  base: z.number(),
  months: z.number().int(),
  rate_percent: z.number(),
  exempt: z.boolean(),
  deduction: z.number(),
  tax: z.number(),
  state_share: z.number(),
  comune_share: z.number(),
  instalments: z.array(z.object({ due: z.iso.date(), amount: z.number() })),
  f24: z.array(z.object({ code: z.string(), amount: z.number().int() })),
  steps: z.array(StepSchema),
});

/** The engine's TariResult. */
export const TariCalculateResponse = z.object({
  days: z.number().int(),
  surface_m2: z.number(),
  fixed: z.number(),
  variable: z.number(),
  tari: z.number(),
  tefa: z.number(),
  total: z.number(),
  steps: z.array(StepSchema),
});
