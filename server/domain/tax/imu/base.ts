// c. 745–746: the taxable base of a building (rendita at 1 January), of agricultural land and of building land.
import { cents, eur, num } from '../money.ts';
import type { ImuObject, Step } from '../types.ts';

/** c. 745 multipliers by cadastral category; 0 for E and F (no base from rendita). */
export function multiplier(categoria: string): number {
  const [group, n] = [categoria.charAt(0), Number(categoria.slice(2))];
  if (categoria === 'A/10' || categoria === 'D/5') return 80;
  if (group === 'A' || categoria === 'C/2' || categoria === 'C/6' || categoria === 'C/7') return 160;
  if (group === 'B' || (group === 'C' && n >= 3 && n <= 5)) return 140;
  if (group === 'D') return 65;
  if (categoria === 'C/1') return 55;
  return 0;
}

export const RENDITA_REVALUATION = 1.05;
export const DOMINICALE_REVALUATION = 1.25;
export const LAND_MULTIPLIER = 135;

export interface Base {
  base: number;
  steps: Step[];
  noBase: boolean;
}

export function imuBaseOf(obj: ImuObject): Base {
  if (obj.kind === 'terreno_agricolo') {
    const base = cents(obj.reddito_dominicale * DOMINICALE_REVALUATION * LAND_MULTIPLIER);
    return {
      base,
      noBase: false,
      steps: [
        {
          rule: 'L. 160/2019 c. 746',
          amount: base,
          text:
            `Base imponibile: reddito dominicale ${eur(obj.reddito_dominicale)} × ${num(DOMINICALE_REVALUATION)} × ` +
            `${LAND_MULTIPLIER} = ${eur(base)}`,
        },
      ],
    };
  }
  if (obj.kind === 'area_fabbricabile') {
    const base = cents(obj.valore_venale);
    return {
      base,
      noBase: false,
      steps: [
        {
          rule: 'L. 160/2019 c. 746',
          amount: base,
          text: `Base imponibile: valore venale in comune commercio al 1° gennaio = ${eur(base)}`,
        },
      ],
    };
  }
  const m = multiplier(obj.categoria);
  if (m === 0) {
    return {
      base: 0,
      noBase: true,
      steps: [
        {
          rule: 'L. 160/2019 c. 745',
          amount: 0,
          text: `Categoria ${obj.categoria}: nessun moltiplicatore (gruppi E e F), l'unità non ha base imponibile`,
        },
      ],
    };
  }
  const base = cents(obj.rendita * RENDITA_REVALUATION * m);
  return {
    base,
    noBase: false,
    steps: [
      {
        rule: 'L. 160/2019 c. 745',
        amount: base,
        text: `Base imponibile: rendita ${eur(obj.rendita)} × ${num(RENDITA_REVALUATION)} × ${m} = ${eur(base)}`,
      },
    ],
  };
}
