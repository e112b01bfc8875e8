// c. 744 and c. 753: of the IMU on group D buildings (rural instrumental excluded) the State takes the
// base × 0.76% (scaled by share and months), never more than the tax; the rest goes to the comune.

import { cents, eur, num, pct } from '../money.ts';
import { IMU_STATE_SHARE_D } from '../national.ts';
import type { Step } from '../types.ts';

export function stateShareD(
  base: number,
  share: number,
  months: number,
  tax: number,
): { state: number; comune: number; steps: Step[] } {
  const full = cents((((base * IMU_STATE_SHARE_D.percent) / 100) * share * months) / 12);
  const state = Math.min(full, tax);
  const comune = cents(tax - state);
  return {
    state,
    comune,
    steps: [
      {
        rule: IMU_STATE_SHARE_D.source,
        amount: state,
        text:
          `Quota Stato (gruppo D): ${eur(base)} × ${pct(IMU_STATE_SHARE_D.percent)} × quota ${num(share)} × ` +
          `${months}/12 = ${eur(state)}${state < full ? " (limitata all'imposta)" : ''}`,
      },
      {
        rule: IMU_STATE_SHARE_D.source,
        amount: comune,
        text: `Quota comune: ${eur(tax)} − ${eur(state)} = ${eur(comune)}`,
      },
    ],
  };
}
