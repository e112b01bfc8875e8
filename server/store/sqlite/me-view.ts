import type { Db } from '../../db/open.ts';
import type { User } from '../../domain/users/user.ts';
import type { ComuneView } from '../store.ts';

/** The user's comuni, each with where the map opens on it, for the signed-in user's view (auth/me-view.ts). */
export function meComuni(db: Db, user: User): ComuneView[] {
  return user.comuni.map((code) => {
    const c = db
      .prepare('SELECT code, name, province, minx, miny, maxx, maxy FROM comuni WHERE code = ?')
      .get(code) as {
      code: string;
      name: string;
      province: string;
      minx: number | null;
      miny: number;
      maxx: number;
      maxy: number;
    };
    // The map opens on the comune's boundary; a comune imported without one opens on its parcels.
    const b =
      c.minx !== null
        ? c
        : (db
            .prepare(
              'SELECT min(minx) minx, min(miny) miny, max(maxx) maxx, max(maxy) maxy FROM parcels WHERE comune = ?',
            )
            .get(code) as { minx: number | null; miny: number; maxx: number; maxy: number });
    return {
      code: c.code,
      name: c.name,
      province: c.province,
      bbox: b.minx === null ? null : [b.minx, b.miny, b.maxx, b.maxy],
    };
  });
}
