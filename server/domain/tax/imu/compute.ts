// computeImu: one taxpayer, one object, one year. Each rule lives in its own module; this one only
// strings them together in the order of the law: base, months, exemptions, rate, tax, reductions, shares.
import { invalidError } from '../../../errors/domain-error.ts';
import { cents, eur, num, pct } from '../money.ts';
import type { ImuCase, ImuRateSource, ImuResult, ImuTaxClass, Step } from '../types.ts';
import { agreedRent } from './agreed-rent.ts';
import { imuBaseOf } from './base.ts';
import { normalizeCategoria } from './categoria.ts';
import { mainHomeDeduction } from './deduction.ts';
import { f24Lines } from './f24.ts';
import { halvedBase } from './halvings.ts';
import { instalments } from './instalments.ts';
import { holdingMonths, type Months } from './months.ts';
import { rateFor, ratesForYear } from './rate.ts';
import { stateShareD } from './state-share.ts';
import { classify } from './tax-class.ts';

function exempt(base: number, months: number, year: number, steps: Step[]): ImuResult {
  const inst = instalments(year, 0, 0, 'nessuna imposta');
  steps.push({ rule: 'L. 160/2019 c. 761', amount: 0, text: 'Imposta dovuta: 0,00' });
  return {
    base,
    months,
    rate_percent: 0,
    exempt: true,
    deduction: 0,
    tax: 0,
    state_share: 0,
    comune_share: 0,
    instalments: inst.instalments,
    f24: [],
    steps,
  };
}

/** The case with its category normalised (A2 → A/2); throws naming the field when it is not a category. */
function normalized(c: ImuCase): ImuCase {
  if (c.object.kind !== 'fabbricato') return c;
  const categoria = normalizeCategoria(c.object.categoria);
  if (!categoria) {
    throw invalidError('Categoria non valida', [
      {
        path: 'object.categoria',
        message: `categoria catastale non valida: ${c.object.categoria.slice(0, 10)} (es. A/2)`,
      },
    ]);
  }
  return { ...c, object: { ...c.object, categoria } };
}

/**
 * c. 762: the June instalment is the tax of the first-half months held "applicando l'aliquota e la detrazione
 * dei dodici mesi dell'anno precedente": with a comune's delibere, the previous year's rates (c. 767 included).
 * A bare month count does not say which months: half of the year's tax at those rates. Never more than the tax.
 */
function firstInstalment(
  c: ImuCase,
  cls: ImuTaxClass,
  deduction: boolean,
  base: number,
  m: Months,
  rates: ImuRateSource,
  tax: number,
): { amount: number; basis: string } {
  const months = m.firstHalf ?? m.months / 2;
  const previous = 'delibere' in rates ? ratesForYear(c.year - 1, rates) : null;
  const percent = previous ? rateFor(cls, c.object, c.flags, previous).percent : null;
  if (previous === null || percent === null) {
    return { amount: m.months === 0 ? 0 : cents((tax * months) / m.months), basis: basisText(m) };
  }
  let amount = cents((((base * percent) / 100) * c.share * months) / 12);
  if (c.flags.canone_concordato) amount = agreedRent(amount, c.object).tax;
  if (deduction) {
    const d = mainHomeDeduction(amount, previous.delibera.main_home_deduction, months, c.share);
    amount = cents(amount - d.deduction);
  }
  return { amount: Math.min(amount, tax), basis: `${basisText(m)}, aliquote del ${c.year - 1} (${pct(percent)})` };
}

const basisText = (m: Months) =>
  m.firstHalf === null ? "metà dell'imposta annua" : `${m.firstHalf} mesi del primo semestre su ${m.months}`;

export function computeImu(input: ImuCase, rates: ImuRateSource): ImuResult {
  const c = normalized(input);
  if (!(c.share > 0 && c.share <= 1)) {
    throw invalidError('Quota non valida', [
      { path: 'share', message: 'la quota di possesso deve essere maggiore di 0 e al massimo 1' },
    ]);
  }
  const b = imuBaseOf(c.object);
  const m = holdingMonths(c.year, c.period);
  const steps: Step[] = [...b.steps, ...m.steps];
  if (b.noBase) return exempt(0, m.months, c.year, steps);
  const k = classify(c);
  steps.push(...k.steps);
  if (k.cls === null) return exempt(b.base, m.months, c.year, steps);

  const halved = c.object.kind === 'fabbricato' ? halvedBase(b.base, c.flags) : { base: b.base, steps: [] };
  steps.push(...halved.steps);
  const base = halved.base;
  const year = ratesForYear(c.year, rates);
  const rate = rateFor(k.cls, c.object, c.flags, year);
  steps.push(...year.steps, rate.step);

  const gross = cents((((base * rate.percent) / 100) * c.share * m.months) / 12);
  steps.push({
    rule: 'L. 160/2019 c. 761',
    amount: gross,
    text:
      `Imposta: ${eur(base)} × ` +
      `${pct(rate.percent)} × ` +
      `quota ${num(c.share)} × ${m.months}/12` +
      ` = ${eur(gross)}`,
  });
  let tax = gross;
  if (c.flags.canone_concordato) {
    const r = agreedRent(tax, c.object);
    tax = r.tax;
    steps.push(...r.steps);
  }
  let deduction = 0;
  if (k.deduction) {
    const d = mainHomeDeduction(tax, year.delibera.main_home_deduction, m.months, c.share);
    deduction = d.deduction;
    tax = cents(tax - deduction);
    steps.push(...d.steps);
  }
  steps.push({ rule: 'L. 160/2019 c. 761', amount: tax, text: `Imposta dovuta: ${eur(tax)}` });

  const shares = k.cls === 'group_d' ? stateShareD(base, c.share, m.months, tax) : { state: 0, comune: tax, steps: [] };
  steps.push(...shares.steps);
  const first = firstInstalment(c, k.cls, k.deduction, base, m, rates, tax);
  const inst = instalments(c.year, tax, first.amount, first.basis);
  const f24 = f24Lines(k.cls, shares.state, shares.comune);
  steps.push(...inst.steps, ...f24.steps);
  return {
    base,
    months: m.months,
    rate_percent: rate.percent,
    exempt: false,
    deduction,
    tax,
    state_share: shares.state,
    comune_share: shares.comune,
    instalments: inst.instalments,
    f24: f24.f24,
    steps,
  };
}
