import { Hono } from 'hono';
import type { BBox } from '../domain/geometry/types.ts';
import { badRequest, forbidden } from '../errors/http-error.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { checkIfMatch, requireIfMatch } from '../http/preconditions.ts';
import { readJson } from '../http/read-json.ts';
import { requireUser } from '../http/session-middleware.ts';
import { may } from '../policy/policy.ts';
import { buildingView, dossier, etagOf } from './dossier.ts';
import { BuildingPatch } from './patch-schema.ts';
import { STALE } from './update.ts';

function idParam(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw badRequest(`Identificativo di edificio non valido: ${raw.slice(0, 40)}`);
  return Number(raw);
}

/** `changed`: called after a building's edit lands (the map's tiles show it). */
export function buildingRoutes({ store }: Deps, changed: (where: BBox[]) => void = () => {}) {
  const app = new Hono<AppEnv>();
  app.get('/buildings/:id', async (c) => {
    const user = requireUser(c);
    const d = await dossier(store, user, idParam(c.req.param('id')));
    c.header('ETag', etagOf(d.building));
    c.header('Cache-Control', 'private, no-store');
    return c.json(d);
  });
  app.patch('/buildings/:id', async (c) => {
    const user = requireUser(c);
    const id = idParam(c.req.param('id'));
    if (!may(user, 'edit-buildings')) throw forbidden(`Il ruolo ${user.role} non può modificare gli edifici`);
    const ifMatch = requireIfMatch(c, 'della scheda letta');
    checkIfMatch(ifMatch, await store.buildings.etag(user, id), STALE);
    const patch = await readJson(c, BuildingPatch);
    const before = await store.buildings.bbox(user, id);
    const updated = await store.buildings.update(user, id, ifMatch, patch);
    // the tiles where the building was and where it is now, no others
    changed([before, { minx: updated.minx, miny: updated.miny, maxx: updated.maxx, maxy: updated.maxy }]);
    c.header('ETag', etagOf(updated));
    return c.json(buildingView(updated));
  });
  app.get('/buildings/:id/history', async (c) =>
    c.json(await store.buildings.history(requireUser(c), idParam(c.req.param('id')))),
  );
  return app;
}
