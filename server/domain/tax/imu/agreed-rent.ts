// c. 760: dwellings (and their pertinenze) let at the agreed rent of L. 431/1998 pay 75% of the tax.
import { cents, eur } from '../money.ts';
import type { ImuObject, Step } from '../types.ts';
import { isDwelling, isPertinenzaCategory } from './categoria.ts';

export const AGREED_RENT_PERCENT = 75;

export const agreedRentApplies = (obj: ImuObject) =>
  obj.kind === 'fabbricato' && (isDwelling(obj.categoria) || isPertinenzaCategory(obj.categoria));

export function agreedRent(tax: number, obj: ImuObject): { tax: number; steps: Step[] } {
  if (!agreedRentApplies(obj)) {
    return {
      tax,
      steps: [
        {
          rule: 'L. 160/2019 c. 760',
          text: 'Canone concordato: la riduzione vale solo per abitazioni e loro pertinenze, non applicata',
        },
      ],
    };
  }
  const reduced = cents((tax * AGREED_RENT_PERCENT) / 100);
  return {
    tax: reduced,
    steps: [
      {
        rule: 'L. 160/2019 c. 760',
        amount: reduced,
        text: `Abitazione locata a canone concordato: ${eur(tax)} × ${AGREED_RENT_PERCENT}% = ${eur(reduced)}`,
      },
    ],
  };
}
