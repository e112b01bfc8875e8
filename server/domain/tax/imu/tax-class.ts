// Which treatment an object gets: it decides the rate column of the delibera and the F24 code. Exemptions
// (main home, its pertinenze, beni merce from 2022, groups E and F) give no class at all.
import { BENI_MERCE_EXEMPT_FROM } from '../national.ts';
import type { ImuCase, ImuTaxClass, Step } from '../types.ts';
import { isGroupD } from './categoria.ts';
import { mainHomeTreatment } from './main-home.ts';

export interface Classification {
  cls: ImuTaxClass | null;
  /** The c. 749 deduction applies (the A/1, A/8, A/9 main home itself). */
  deduction: boolean;
  steps: Step[];
}

export function classify(c: ImuCase): Classification {
  const obj = c.object;
  if (obj.kind === 'terreno_agricolo') return { cls: 'agricultural', deduction: false, steps: [] };
  if (obj.kind === 'area_fabbricabile') return { cls: 'building_land', deduction: false, steps: [] };
  const home = mainHomeTreatment(obj.categoria, c.flags);
  if (home.kind === 'exempt') return { cls: null, deduction: false, steps: home.steps };
  if (home.kind === 'luxury') return { cls: 'main_home', deduction: home.deduction, steps: home.steps };
  const steps = home.steps;
  if (c.flags.rural || obj.categoria === 'D/10') {
    steps.push({ rule: 'L. 160/2019 c. 750', text: `Fabbricato rurale strumentale (${obj.categoria})` });
    return { cls: 'rural', deduction: false, steps };
  }
  if (isGroupD(obj.categoria)) return { cls: 'group_d', deduction: false, steps };
  if (c.flags.beni_merce) {
    if (c.year >= BENI_MERCE_EXEMPT_FROM) {
      steps.push({
        rule: 'L. 160/2019 c. 751',
        amount: 0,
        text: `Fabbricato costruito dall'impresa per la vendita (bene merce): esente dal ${BENI_MERCE_EXEMPT_FROM}`,
      });
      return { cls: null, deduction: false, steps };
    }
    steps.push({ rule: 'L. 160/2019 c. 751', text: "Fabbricato costruito dall'impresa per la vendita (bene merce)" });
    return { cls: 'beni_merce', deduction: false, steps };
  }
  return { cls: 'other', deduction: false, steps };
}
