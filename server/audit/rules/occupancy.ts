// Who lived in a unit when during a year: the year cut at every arrival and departure, each piece with the
// residents present for the whole of it (TARI's variable part goes by the number of occupants). Pure.
import type { Residence } from '../../store/audit-candidates.ts';

const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export interface Occupancy { from: string; to: string; residents: Residence[] }

/** `residents` have periods already clipped to the year; pieces nobody lived in are left out. */
export function occupancy(residents: Residence[]): Occupancy[] {
  const cuts = [...new Set(residents.flatMap((r) => [r.from, addDays(r.to, 1)]))].sort();
  const out: Occupancy[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i]!, to = addDays(cuts[i + 1]!, -1);
    const present = residents.filter((r) => r.from <= from && r.to >= to);
    if (present.length) out.push({ from, to, residents: present });
  }
  return out;
}
