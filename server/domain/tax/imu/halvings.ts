// c. 747: the base of a building is halved for listed historic buildings (lett. a), unfit or uninhabitable
// ones (lett. b) and dwellings lent free to parents or children (lett. c). The halvings add up (MEF circ.
// 3/DF 2012): historic and unfit together leave 25% of the base.
import { cents, eur } from '../money.ts';
import type { ImuFlags, Step } from '../types.ts';

const HALVINGS = [
  { flag: 'historic', label: 'fabbricato di interesse storico o artistico', letter: 'a' },
  { flag: 'unfit', label: 'fabbricato inagibile o inabitabile', letter: 'b' },
  { flag: 'free_loan', label: 'abitazione in comodato a genitori o figli', letter: 'c' },
] as const;

export function halvedBase(base: number, flags: ImuFlags): { base: number; steps: Step[] } {
  let b = base;
  const steps: Step[] = [];
  for (const h of HALVINGS) {
    if (!flags[h.flag]) continue;
    const next = cents(b / 2);
    steps.push({
      rule: `L. 160/2019 c. 747 lett. ${h.letter}`,
      amount: next,
      text: `Base ridotta del 50% (${h.label}): ${eur(b)} × 50% = ${eur(next)}`,
    });
    b = next;
  }
  return { base: b, steps };
}
