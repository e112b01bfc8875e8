import { z } from 'zod';
import { hasMarkup, MARKUP_MESSAGE } from '../domain/text/plain-text.ts';

export const BUILDING_USES = [
  'residenziale',
  'misto',
  'produttivo',
  'commerciale',
  'servizi',
  'agricolo',
  'altro',
] as const;
export const BUILDING_STATUSES = ['esistente', 'in_costruzione', 'demolito', 'rudere'] as const;
export const STRUCTURES = ['muratura portante', 'cemento armato', 'acciaio', 'legno', 'mista'] as const;

const thisYear = new Date().getUTCFullYear();

/** Attribute edits of a building (all optional, at least one). Unknown fields are refused. */
export const BuildingPatch = z
  .object({
    height: z.number().min(0, 'altezza non negativa').max(300, 'altezza massima 300 m').nullable(),
    floors_above: z.number().int('numero intero').min(0).max(100).nullable(),
    floors_below: z.number().int('numero intero').min(0).max(10).nullable(),
    volume: z.number().min(0).max(10_000_000).nullable(),
    year_built: z
      .number()
      .int('numero intero')
      .min(1000, 'anno non plausibile')
      .max(thisYear + 5, 'anno nel futuro')
      .nullable(),
    use: z.enum(BUILDING_USES),
    status: z.enum(BUILDING_STATUSES),
    structure: z.enum(STRUCTURES).nullable(),
    public_owner: z
      .string()
      .trim()
      .max(200)
      .refine((s) => !hasMarkup(s), MARKUP_MESSAGE)
      .nullable(),
    note: z
      .string()
      .max(4000, 'nota di al massimo 4000 caratteri')
      .refine((s) => !hasMarkup(s), MARKUP_MESSAGE),
    footprint: z.unknown(),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'nessun campo da modificare' });
export type BuildingPatch = z.infer<typeof BuildingPatch>;
