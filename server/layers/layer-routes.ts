import { Hono } from 'hono';
import type { AppEnv, Deps } from '../http/env.ts';
import { requireUser } from '../http/session-middleware.ts';

export function layerRoutes({ layers }: Deps) {
  const app = new Hono<AppEnv>();
  app.get('/layers', (c) => {
    requireUser(c);
    return c.json({
      layers: layers.layers.map(({ source, ...l }) => ({ ...l, tiles: `/api/tiles/${l.id}/{z}/{x}/{y}.mvt`, geometry: source.table === 'streets' ? 'line' : 'polygon' })),
      basemaps: layers.basemaps,
    });
  });
  return app;
}
