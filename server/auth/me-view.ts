import type { Db } from '../db/open.ts';
import { editsBuildings, seesPersonalData } from './roles.ts';
import type { User } from './users.ts';

/** What the client needs to know about the signed-in user: role, permissions, comuni with where to look. */
export function meView(db: Db, user: User) {
  const comuni = user.comuni.map((code) => {
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
  return {
    username: user.username,
    role: user.role,
    comuni,
    permissions: { personalData: seesPersonalData(user.role), editBuildings: editsBuildings(user.role) },
  };
}
