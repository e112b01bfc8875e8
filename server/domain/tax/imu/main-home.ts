// c. 740–741 and c. 748: the main home is exempt unless A/1, A/8, A/9 (then taxed at the main-home rate),
// and so is at most one pertinenza for each of C/2, C/6, C/7 (rank 1); further pertinenze are other buildings.
import type { ImuFlags, Step } from '../types.ts';
import { isDwelling, isLuxury, isPertinenzaCategory } from './categoria.ts';

export type MainHomeTreatment =
  | { kind: 'exempt'; steps: Step[] }
  /** Taxed at the main-home rate (code 3912); `deduction` only for the home itself, not its pertinenza. */
  | { kind: 'luxury'; deduction: boolean; steps: Step[] }
  | { kind: 'none'; steps: Step[] };

const RULE = 'L. 160/2019 c. 740–741';

export function mainHomeTreatment(categoria: string, flags: ImuFlags): MainHomeTreatment {
  if (flags.main_home) {
    if (!isDwelling(categoria)) {
      return {
        kind: 'none',
        steps: [
          { rule: RULE, text: `Categoria ${categoria}: non è un'abitazione, non può essere abitazione principale` },
        ],
      };
    }
    if (isLuxury(categoria)) {
      return {
        kind: 'luxury',
        deduction: true,
        steps: [
          {
            rule: 'L. 160/2019 c. 748',
            text:
              `Abitazione principale di categoria ${categoria} (A/1, A/8, A/9): imponibile con l'aliquota ` +
              `dell'abitazione principale e la detrazione`,
          },
        ],
      };
    }
    return {
      kind: 'exempt',
      steps: [{ rule: RULE, amount: 0, text: `Abitazione principale di categoria ${categoria}: esente` }],
    };
  }
  if (!flags.main_home_pertinenza) return { kind: 'none', steps: [] };
  if (!isPertinenzaCategory(categoria)) {
    return {
      kind: 'none',
      steps: [
        {
          rule: RULE,
          text:
            `Categoria ${categoria}: solo C/2, C/6 e C/7 possono essere pertinenze dell'abitazione principale; ` +
            `si applica l'aliquota ordinaria`,
        },
      ],
    };
  }
  const rank = flags.pertinenza_rank ?? 1;
  if (rank > 1) {
    return {
      kind: 'none',
      steps: [
        {
          rule: RULE,
          text:
            `Pertinenza ${categoria} n. ${rank}: l'agevolazione vale per una sola pertinenza per categoria; ` +
            `imponibile come altro fabbricato`,
        },
      ],
    };
  }
  if (isLuxury(flags.main_home_categoria)) {
    return {
      kind: 'luxury',
      deduction: false,
      steps: [
        {
          rule: 'L. 160/2019 c. 748',
          text:
            `Pertinenza ${categoria} di un'abitazione principale ${flags.main_home_categoria}: imponibile con ` +
            `l'aliquota dell'abitazione principale`,
        },
      ],
    };
  }
  return {
    kind: 'exempt',
    steps: [
      {
        rule: RULE,
        amount: 0,
        text: `Pertinenza ${categoria} dell'abitazione principale (una per categoria C/2, C/6, C/7): esente`,
      },
    ],
  };
}
