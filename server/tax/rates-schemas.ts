// Bodies of the rates editor (PUT /api/tax/rates/{comune}/{year}) and of its import. The bounds are the law's
// (and the CHECKs of migration 005), so nothing out of range reaches the database.
import { z } from 'zod';
import { normalizeCategoria } from '../domain/tax/imu/categoria.ts';

const rate = (max: number, rule: string) =>
  z.number().min(0, 'aliquota negativa').max(max, `massimo ${max}% (${rule})`);
const ordinary = rate(1.14, 'L. 160/2019 c. 754–755');
const categoria = z
  .string()
  .max(10)
  .refine((v) => normalizeCategoria(v) === v, 'categoria catastale nella forma A/2');
const source = z.string().trim().min(1, 'indicare la fonte (delibera, data)').max(500);

export const ImuDeliberaInput = z.object({
  published: z.boolean(),
  ordinary,
  main_home: rate(0.6, 'L. 160/2019 c. 748'),
  main_home_deduction: z.number().min(0).max(10_000).default(200),
  group_d: ordinary,
  rural: rate(0.1, 'L. 160/2019 c. 750'),
  beni_merce: rate(0.25, 'L. 160/2019 c. 751'),
  agricultural: ordinary,
  building_land: ordinary,
  categories: z.record(categoria, ordinary).default({}),
  canone_concordato: ordinary.nullable().default(null),
  source,
});

const tariffValue = z.number().min(0).max(100_000);
export const TariTariffInput = z.object({
  domestic_fixed_per_m2: tariffValue,
  domestic_variable: z.array(tariffValue).length(6, 'sei valori: da 1 a 6 o più occupanti'),
  non_domestic: z.record(
    z.string().regex(/^([1-9]|[12]\d|30)$/, 'categoria da 1 a 30'),
    z.tuple([tariffValue, tariffValue]),
  ),
  tefa_percent: z.number().min(0).max(5, 'TEFA massima 5%').default(5),
  source,
});

const parts = {
  imu: ImuDeliberaInput.optional(),
  tari: TariTariffInput.optional(),
  building_land: z.record(z.string().min(1).max(10), z.number().min(0).max(1_000_000)).optional(),
  interest_spread: z.number().min(-3, 'al massimo 3 punti in meno').max(3, 'al massimo 3 punti in più').optional(),
};

export const YearRatesPut = z.object(parts).refine((v) => Object.values(v).some((x) => x !== undefined), {
  message: 'indicare almeno una tra imu, tari, building_land, interest_spread',
  path: ['imu'],
});

/** The import: what GET answers, for one year or many (comune and versions in the file are ignored). */
const YearEntry = z.object({ year: z.number().int().min(2012).max(2100), ...parts });
export const RatesImport = z.union([YearEntry.transform((e) => [e]), z.array(YearEntry).min(1).max(100)]);
