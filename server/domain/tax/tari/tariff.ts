// The tariff of the year: given directly, or the comune's for the year. Tariffs not approved in time stay
// those of the year before (c. 169 L. 296/2006).
import { invalidError } from '../../../errors/domain-error.ts';
import { TEFA_DEFAULT } from '../national.ts';
import type { Step, TariCase, TariTariffSource } from '../types.ts';

export const MAX_OCCUPANTS_CLASS = 6;

/** Fixed €/m² and variable (€/year for households, €/m² for businesses) for the case, with the TEFA rate. */
export interface AppliedTariff {
  fixed_per_m2: number;
  variable: number;
  tefa_percent: number;
  steps: Step[];
}

export function tariffFor(c: TariCase, src: TariTariffSource): AppliedTariff {
  if ('tariff' in src) {
    return { ...src.tariff, tefa_percent: src.tefa_percent ?? TEFA_DEFAULT.percent, steps: [] };
  }
  const own = src.tariffs.find((t) => t.year === c.year);
  const t = own ?? src.tariffs.filter((x) => x.year < c.year).sort((a, b) => b.year - a.year)[0];
  if (!t) {
    throw invalidError(`Nessuna tariffa TARI per il ${c.year}`, [{ path: 'year', message: 'tariffe non disponibili' }]);
  }
  const steps: Step[] = [
    own
      ? { rule: 'DPR 158/1999', text: `Tariffe: ${t.source}` }
      : {
          rule: 'L. 296/2006 c. 169',
          text: `Tariffe ${c.year} non deliberate: si applicano quelle del ${t.year} (${t.source})`,
        },
  ];
  const tefa_percent = src.tefa_percent ?? t.tefa_percent;
  if (c.kind === 'domestica') {
    const occupants = c.occupants ?? 1;
    const cls = Math.min(Math.max(occupants, 1), MAX_OCCUPANTS_CLASS);
    return { fixed_per_m2: t.domestic_fixed_per_m2, variable: t.domestic_variable[cls - 1]!, tefa_percent, steps };
  }
  const pair = t.non_domestic[String(c.category)];
  if (!pair) {
    throw invalidError('Categoria non valida', [
      { path: 'category', message: `categoria ${c.category} senza tariffa (1…30)` },
    ]);
  }
  return { fixed_per_m2: pair[0], variable: pair[1], tefa_percent, steps };
}
