// computeTari (DPR 158/1999; L. 147/2013 c. 641–668): fixed part by surface, variable part by occupants
// (households) or by surface (businesses), both prorated by days held; then the provincial TEFA.
import { invalidError } from '../../../errors/domain-error.ts';
import { cents, eur, num, pct } from '../money.ts';
import { TEFA_DEFAULT } from '../national.ts';
import type { Step, TariCase, TariResult, TariTariffSource } from '../types.ts';
import { daysHeld } from './days.ts';
import { taxableSurface } from './surface.ts';
import { MAX_OCCUPANTS_CLASS, tariffFor } from './tariff.ts';

function validate(c: TariCase): void {
  if (c.kind === 'domestica' && !(Number.isInteger(c.occupants) && c.occupants! >= 1)) {
    throw invalidError('Occupanti mancanti', [
      { path: 'occupants', message: 'numero di occupanti (≥ 1) obbligatorio per le utenze domestiche' },
    ]);
  }
  if (c.kind === 'non_domestica' && !(Number.isInteger(c.category) && c.category! >= 1 && c.category! <= 30)) {
    throw invalidError('Categoria mancante', [
      {
        path: 'category',
        message: 'categoria di attività da 1 a 30 (DPR 158/1999) obbligatoria per le utenze non domestiche',
      },
    ]);
  }
}

export function computeTari(c: TariCase, src: TariTariffSource): TariResult {
  validate(c);
  const period = daysHeld(c.year, c.from, c.to);
  const s = taxableSurface(c.surface_m2, c.superficie_catastale);
  const t = tariffFor(c, src);
  const f = `${period.days}/${period.ofYear}`;
  const prorate = period.days / period.ofYear;
  const steps: Step[] = [...period.steps, ...s.steps, ...t.steps];
  const add = (rule: string, amount: number, text: string) => steps.push({ rule, amount, text });

  const fixed = cents(s.surface * t.fixed_per_m2 * prorate);
  add(
    'DPR 158/1999 all. 1',
    fixed,
    `Quota fissa: ${num(s.surface)} m² × ${num(t.fixed_per_m2)} €/m² × ${f} = ${eur(fixed)}`,
  );
  const occupants = Math.min(c.occupants ?? 1, MAX_OCCUPANTS_CLASS);
  const [variable, basis] =
    c.kind === 'domestica'
      ? [
          cents(t.variable * prorate),
          `${num(t.variable)} €/anno per ${occupants}${occupants === MAX_OCCUPANTS_CLASS ? ' o più' : ''} occupanti`,
        ]
      : [
          cents(s.surface * t.variable * prorate),
          `${num(s.surface)} m² × ${num(t.variable)} €/m² (categoria ${c.category})`,
        ];
  add('DPR 158/1999 all. 1', variable, `Quota variabile: ${basis} × ${f} = ${eur(variable)}`);
  const tari = cents(fixed + variable);
  add('L. 147/2013 c. 651', tari, `TARI: ${eur(fixed)} + ${eur(variable)} = ${eur(tari)}`);
  const tefa = cents((tari * t.tefa_percent) / 100);
  add(TEFA_DEFAULT.source, tefa, `TEFA: ${eur(tari)} × ${pct(t.tefa_percent)} = ${eur(tefa)}`);
  const total = cents(tari + tefa);
  add('L. 147/2013 c. 666', total, `Totale: ${eur(tari)} + ${eur(tefa)} = ${eur(total)}`);
  return { days: period.days, surface_m2: s.surface, fixed, variable, tari, tefa, total, steps };
}
