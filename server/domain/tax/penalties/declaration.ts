// Omessa dichiarazione (100–200% of the tax) and infedele dichiarazione (50–100%), at least €50:
// c. 775 L. 160/2019 for IMU, c. 696–697 L. 147/2013 for TARI. The comune picks within the range; the
// minimum is the default.
import { invalidError } from '../../../errors/domain-error.ts';
import { cents, eur, pct } from '../money.ts';
import { DECLARATION_SANCTIONS, type Tributo } from '../national.ts';
import type { SanctionResult } from '../types.ts';

const LABEL = { omessa_dichiarazione: 'omessa dichiarazione', infedele_dichiarazione: 'infedele dichiarazione' };

export function declarationSanction(
  kind: keyof typeof DECLARATION_SANCTIONS,
  tax: number,
  tributo: Tributo,
  percent?: number,
): SanctionResult {
  const s = DECLARATION_SANCTIONS[kind];
  const p = percent ?? s.minPercent;
  if (p < s.minPercent || p > s.maxPercent) {
    throw invalidError('Percentuale fuori dai limiti', [
      { path: 'percent', message: `per l'${LABEL[kind]} la sanzione va dal ${s.minPercent}% al ${s.maxPercent}%` },
    ]);
  }
  const computed = cents((tax * p) / 100);
  const amount = Math.max(computed, s.minEur);
  const floor = amount > computed ? ` (minimo ${eur(s.minEur)})` : '';
  return {
    percent: p,
    amount,
    steps: [
      {
        rule: s.source[tributo],
        amount,
        text:
          `Sanzione per ${LABEL[kind]} ${tributo} ` +
          `(dal ${s.minPercent}% al ${s.maxPercent}%, minimo ${eur(s.minEur)}): ` +
          `${eur(tax)} × ${pct(p)} = ${eur(computed)}${floor}`,
      },
    ],
  };
}
