import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { forbidden, HttpError, notFound, unauthorized } from '../errors/http-error.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { layerVisibleTo } from '../layers/registry.ts';
import { logPersonalRead } from '../read-log/read-log.ts';
import { encodeTile } from './mvt-encode.ts';
import { isValidTile } from './tile-math.ts';
import { EXTENT } from './to-tile.ts';

export function tileRoutes({ store, layers, db }: Deps) {
  const app = new Hono<AppEnv>();
  app.get('/tiles/:layer/:z/:x/:y', (c) => {
    const layer = layers.byId.get(c.req.param('layer'));
    if (!layer) throw notFound(`Layer sconosciuto: ${c.req.param('layer')}`);
    const user = c.get('user');
    if (!user && !layer.public) throw unauthorized();
    if (!layerVisibleTo(layer, user))
      throw forbidden(`Il layer ${layer.id} è riservato ai ruoli ${layer.roles?.join(', ')}`);
    const m = /^(\d+)\.mvt$/.exec(c.req.param('y'));
    const [z, x, y] = [Number(c.req.param('z')), Number(c.req.param('x')), m ? Number(m[1]) : NaN];
    if (!/^\d+$/.test(c.req.param('z')) || !/^\d+$/.test(c.req.param('x')) || !isValidTile(z, x, y)) {
      throw new HttpError(
        400,
        'bad_tile',
        'Coordinate di tile non valide: atteso /{z}/{x}/{y}.mvt con 0 ≤ z ≤ 22 e x, y < 2^z',
      );
    }
    const features = z < layer.minzoom ? [] : store.tileFeatures(layer, z, x, y, user ? user.comuni : null);
    // Tiles of personal layers (tax positions per building) are personal reads: one log row per non-empty tile.
    if (layer.personal && user && features.length) {
      logPersonalRead(db, user, `tile:${layer.id}`, features[0]!.id, `tile ${z}/${x}/${y}: ${features.length} oggetti`);
    }
    const raw = encodeTile([{ name: layer.id, extent: EXTENT, features }]) as Uint8Array<ArrayBuffer>;
    const etag = `"${createHash('sha1').update(raw).digest('base64url')}"`;
    c.header('ETag', etag);
    c.header('Cache-Control', 'private, no-cache');
    c.header('Vary', 'Accept-Encoding, Cookie');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    c.header('Content-Type', 'application/vnd.mapbox-vector-tile');
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '') && raw.length > 0) {
      c.header('Content-Encoding', 'gzip');
      return c.body(gzipSync(raw, { level: 6 }));
    }
    return c.body(raw);
  });
  return app;
}
