import { Hono } from 'hono';
import type { AppEnv, Deps } from '../http/env.ts';
import { requireUser } from '../http/session-middleware.ts';
import { mayViewLayer } from '../policy/policy.ts';
import type { LayerDefinition } from './registry.ts';

/** A layer as GET /api/layers lists it: its definition without the source, with its tile URL (the client's type). */
export type LayerInfo = Omit<LayerDefinition, 'source'> & { tiles: string; geometry: 'line' | 'polygon' };

export function layerRoutes({ layers }: Deps) {
  const app = new Hono<AppEnv>();
  app.get('/layers', (c) => {
    const user = requireUser(c);
    return c.json({
      layers: layers.layers
        .filter((l) => mayViewLayer(user, l))
        .map(
          ({ source, ...l }): LayerInfo => ({
            ...l,
            tiles: `/api/tiles/${l.id}/{z}/{x}/{y}.mvt`,
            geometry: 'table' in source && source.table === 'streets' ? 'line' : 'polygon',
          }),
        ),
      basemaps: layers.basemaps,
    });
  });
  return app;
}
