// The rate of the year: an explicit rate, or the comune's delibera for the year; an unpublished or missing
// delibera gives way to the latest published one of an earlier year (c. 767), and failing that to the
// national base rates. Within a delibera the column follows the object's class; category rates win.

import { pct } from '../money.ts';
import { nationalImuRates } from '../national.ts';
import type { ImuDelibera, ImuFlags, ImuObject, ImuRateSource, ImuTaxClass, Step } from '../types.ts';
import { agreedRentApplies } from './agreed-rent.ts';

export interface YearRates {
  delibera: ImuDelibera;
  fixed: number | null;
  steps: Step[];
}

/** The rates in force for the year (c. 767). */
export function ratesForYear(year: number, source: ImuRateSource): YearRates {
  if ('rate_percent' in source) {
    return { delibera: nationalImuRates(year), fixed: source.rate_percent, steps: [] };
  }
  const own = source.delibere.find((d) => d.year === year);
  if (own?.published) {
    return { delibera: own, fixed: null, steps: [{ rule: 'L. 160/2019 c. 767', text: `Aliquote: ${own.source}` }] };
  }
  const earlier = source.delibere.filter((d) => d.published && d.year < year).sort((a, b) => b.year - a.year)[0];
  const missing = own ? `La delibera ${year} non è stata pubblicata nei termini` : `Manca la delibera ${year}`;
  if (earlier) {
    return {
      delibera: earlier,
      fixed: null,
      steps: [
        {
          rule: 'L. 160/2019 c. 767',
          text: `${missing}: si applicano le aliquote del ${earlier.year} (${earlier.source})`,
        },
      ],
    };
  }
  const national = nationalImuRates(year);
  return {
    delibera: national,
    fixed: null,
    steps: [
      {
        rule: 'L. 160/2019 c. 767',
        text: `${missing} e nessuna precedente è pubblicata: si applicano le aliquote di base (${national.source})`,
      },
    ],
  };
}

const COLUMN: Record<ImuTaxClass, { key: keyof ImuDelibera; rule: string; label: string }> = {
  main_home: { key: 'main_home', rule: 'L. 160/2019 c. 748', label: 'abitazione principale' },
  group_d: { key: 'group_d', rule: 'L. 160/2019 c. 753', label: 'gruppo D' },
  rural: { key: 'rural', rule: 'L. 160/2019 c. 750', label: 'fabbricati rurali strumentali' },
  beni_merce: { key: 'beni_merce', rule: 'L. 160/2019 c. 751', label: 'beni merce' },
  agricultural: { key: 'agricultural', rule: 'L. 160/2019 c. 752', label: 'terreni agricoli' },
  building_land: { key: 'building_land', rule: 'L. 160/2019 c. 754', label: 'aree fabbricabili' },
  other: { key: 'ordinary', rule: 'L. 160/2019 c. 754', label: 'ordinaria' },
};

export interface Rate {
  percent: number;
  step: Step;
}

export function rateFor(cls: ImuTaxClass, obj: ImuObject, flags: ImuFlags, y: YearRates): Rate {
  if (y.fixed !== null) {
    return { percent: y.fixed, step: { rule: 'L. 160/2019 c. 761', text: `Aliquota indicata: ${pct(y.fixed)}` } };
  }
  const d = y.delibera;
  const pick = (percent: number, rule: string, label: string): Rate => ({
    percent,
    step: { rule, text: `Aliquota ${label}: ${pct(percent)}` },
  });
  const categoria = obj.kind === 'fabbricato' ? obj.categoria : null;
  if (cls !== 'main_home' && categoria !== null && d.categories[categoria] !== undefined) {
    return pick(d.categories[categoria], 'L. 160/2019 c. 754', `per la categoria ${categoria}`);
  }
  if (cls === 'other' && flags.canone_concordato && agreedRentApplies(obj) && d.canone_concordato !== null) {
    return pick(d.canone_concordato, 'L. 160/2019 c. 754', 'per le abitazioni locate a canone concordato');
  }
  const col = COLUMN[cls];
  return pick(d[col.key] as number, col.rule, col.label);
}
