import { Hono } from 'hono';
import type { AppEnv, Deps } from '../http/env.ts';
import { requireUser } from '../http/session-middleware.ts';
import { mayViewLayer } from '../policy/policy.ts';

export function layerRoutes({ layers }: Deps) {
  const app = new Hono<AppEnv>();
  app.get('/layers', (c) => {
    const user = requireUser(c);
    return c.json({
      layers: layers.layers
        .filter((l) => mayViewLayer(user, l))
        .map(({ source, ...l }) => ({
          ...l,
          tiles: `/api/tiles/${l.id}/{z}/{x}/{y}.mvt`,
          geometry: 'table' in source && source.table === 'streets' ? 'line' : 'polygon',
        })),
      basemaps: layers.basemaps,
    });
  });
  return app;
}
