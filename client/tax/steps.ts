// What the calculators answer besides the figures: each step with the rule it comes from, and the
// 422 details turned into one message per form field.
import { ApiError } from '../lib/api.ts';

export type { Step } from '../../server/domain/tax/types.ts';

export interface FieldErrors {
  fields: Record<string, string>;
  general: string;
}

export const noErrors = (): FieldErrors => ({ fields: {}, general: '' });

/** Splits a failed request into messages next to the fields (422 details) and one general message. */
export function fieldErrors(err: unknown, fieldOf: (path: string) => string, known: Set<string>): FieldErrors {
  const out = noErrors();
  if (!(err instanceof ApiError)) {
    out.general = 'Servizio non raggiungibile: riprovare più tardi.';
    return out;
  }
  const details = Array.isArray(err.details) ? (err.details as { path?: unknown; message?: unknown }[]) : [];
  const unplaced: string[] = [];
  for (const d of details) {
    const field = fieldOf(String(d.path ?? ''));
    const message = String(d.message ?? '');
    if (known.has(field)) out.fields[field] = out.fields[field] ? `${out.fields[field]}; ${message}` : message;
    else unplaced.push(d.path ? `${String(d.path)}: ${message}` : message);
  }
  if (err.status === 429) out.general = 'Troppe richieste in poco tempo: attendere qualche secondo e riprovare.';
  else if (unplaced.length || !details.length) out.general = [err.message, ...unplaced].join(' — ');
  else out.general = 'Correggere i campi evidenziati.';
  return out;
}

/** ISO date to the Italian way of writing it (16/06/2025). */
export const dateIt = (iso: string) => iso.split('-').reverse().join('/');
