// F24 tax codes (Risoluzione AdE 29/E/2020) and lines: one per code, in whole euro, none for zero.
import { euros } from '../money.ts';
import type { ImuTaxClass, Step } from '../types.ts';

type Codes = Record<Exclude<ImuTaxClass, 'group_d'>, string> & { group_d_state: string; group_d_comune: string };

export const F24_CODES: Codes = {
  main_home: '3912',
  rural: '3913',
  agricultural: '3914',
  building_land: '3916',
  other: '3918',
  beni_merce: '3939',
  group_d_state: '3925',
  group_d_comune: '3930',
};

export function f24Lines(
  cls: ImuTaxClass,
  state: number,
  comune: number,
): { f24: { code: string; amount: number }[]; steps: Step[] } {
  const amounts: [string, number][] =
    cls === 'group_d'
      ? [
          [F24_CODES.group_d_state, state],
          [F24_CODES.group_d_comune, comune],
        ]
      : [[F24_CODES[cls], comune]];
  const f24 = amounts.map(([code, amount]) => ({ code, amount: euros(amount) })).filter((l) => l.amount !== 0);
  return {
    f24,
    steps: f24.map((l) => ({
      rule: 'Ris. AdE 29/E/2020',
      amount: l.amount,
      text: `F24 codice tributo ${l.code}: ${l.amount} euro (arrotondato all'euro)`,
    })),
  };
}
