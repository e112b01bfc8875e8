// The public TARI calculator's form, turned into the request of POST /api/tax/tari/calculate (issue 7,
// section 4). The server's engine computes; here only the form and the names of the categories.

import type { z } from 'zod';
import type { TariResult } from '../../server/domain/tax/types.ts';
import type { TariCalculateRequest } from '../../server/tax/calculator-schemas.ts';
import { type AsTyped, parseNumber } from './imu.ts';

export { TARI_CATEGORIES } from '../../server/domain/tax/tari/categories.ts';

export interface TariForm {
  year: number;
  kind: 'domestica' | 'non_domestica';
  surface_m2: string;
  occupants: string;
  category: string;
  /** '' = a manual tariff; otherwise the comune's Belfiore code. */
  comune: string;
  fixed_per_m2: string;
  variable: string;
  wholeYear: boolean;
  from: string;
  to: string;
  tefa_percent: string;
}

export function defaultTariForm(year: number): TariForm {
  return {
    year,
    kind: 'domestica',
    surface_m2: '',
    occupants: '1',
    category: '11',
    comune: 'E617',
    fixed_per_m2: '',
    variable: '',
    wholeYear: true,
    from: `${year}-01-01`,
    to: `${year}-12-31`,
    tefa_percent: '5',
  };
}

/** The request body, from the server's own schema (a field renamed there breaks this build). */
export type TariRequest = AsTyped<z.input<typeof TariCalculateRequest>>;

export function tariRequest(f: TariForm): TariRequest {
  return {
    year: f.year,
    kind: f.kind,
    surface_m2: parseNumber(f.surface_m2),
    ...(f.kind === 'domestica' ? { occupants: parseNumber(f.occupants) } : { category: parseNumber(f.category) }),
    ...(f.comune
      ? { comune: f.comune }
      : { tariff: { fixed_per_m2: parseNumber(f.fixed_per_m2), variable: parseNumber(f.variable) } }),
    ...(f.wholeYear ? {} : { from: f.from, to: f.to }),
    tefa_percent: parseNumber(f.tefa_percent),
  };
}

/** The engine's answer, as the route sends it. */
export type TariResponse = TariResult;

/** Which form field a 422 detail's path names ("tariff.variable" → "variable"). */
export function tariField(path: string): string {
  if (path === 'comune' || path === 'tariff') return 'tariff';
  return path.split('.').pop() ?? path;
}
