import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { auditRoutes } from './audit/audit-routes.ts';
import { buildingRoutes } from './buildings/building-routes.ts';
import { errorHandler, notFoundHandler } from './errors/handler.ts';
import { exportRoutes } from './exchange/export/export-routes.ts';
import { importRoutes } from './exchange/import/import-routes.ts';
import { opendataRoutes } from './exchange/opendata/opendata-routes.ts';
import { limitBody } from './http/body-limit.ts';
import { clientFacts } from './http/client-facts.ts';
import { csrfGuard } from './http/csrf/csrf.ts';
import type { AppEnv, Deps } from './http/env.ts';
import { securityHeaders } from './http/security-headers.ts';
import { sessionMiddleware } from './http/session-middleware.ts';
import { sessionRoutes } from './http/session-routes.ts';
import { jobRoutes } from './jobs/job-routes.ts';
import { layerRoutes } from './layers/layer-routes.ts';
import { openApiDocument } from './openapi/document.ts';
import { searchRoutes } from './search/search-routes.ts';
import { calculatorRoutes } from './tax/calculator-routes.ts';
import { ratesRoutes } from './tax/rates-routes.ts';
import { tileCache } from './tiles/tile-cache.ts';
import { tileRoutes } from './tiles/tile-routes.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Methods whose request bodies are never read, so never measured. */
const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The whole HTTP application; `clientDir` serves the built client when given; `trustedProxy` is the one peer
 * address whose X-Forwarded-* headers are believed.
 */
export function createApp(deps: Deps, opts: { clientDir?: string; trustedProxy?: string | null } = {}) {
  const app = new Hono<AppEnv>();
  app.onError(errorHandler);
  app.notFound(notFoundHandler);
  app.use('*', securityHeaders());

  const api = new Hono<AppEnv>();
  // Before any body limit or handler: a cross-site request is refused before its body is read.
  api.use('*', clientFacts(opts.trustedProxy ?? null), csrfGuard());
  const limit = limitBody(MAX_BODY_BYTES, `Richiesta troppo grande (massimo ${MAX_BODY_BYTES} byte)`);
  // Uploads have their own, larger limit (imports/import-routes.ts). GET and HEAD bodies are never read: not
  // looking at them spares each tile and search the making of a full Request (a sixth of a warm tile).
  api.use('*', (c, next) =>
    BODYLESS.has(c.req.method) || (c.req.method === 'POST' && c.req.path === '/api/imports') ? next() : limit(c, next),
  );
  api.use('*', sessionMiddleware(deps.store));
  api.get('/health', async (c) => {
    await deps.store.ping();
    return c.json({ status: 'ok' });
  });
  const doc = openApiDocument();
  api.get('/openapi.json', (c) => c.json(doc));
  api.route('/', sessionRoutes(deps.store.sessions, deps.store.loginThrottle));
  api.route('/', layerRoutes(deps));
  // Encoded tiles shared by the tile route; an edit through this process drops its own, other writers' changes
  // arrive through the store's tile change log.
  const layersOf = (table: string) =>
    new Set(deps.layers.layers.filter((l) => 'table' in l.source && l.source.table === table).map((l) => l.id));
  const tiles = tileCache(deps.store.tileChanges, layersOf);
  const buildingLayers = layersOf('buildings');
  api.route('/', tileRoutes(deps, tiles));
  api.route('/', searchRoutes(deps));
  api.route(
    '/',
    buildingRoutes(deps, (where) => {
      for (const box of where) tiles.invalidateArea(buildingLayers, box);
    }),
  );
  api.route('/', exportRoutes(deps));
  api.route('/', importRoutes(deps));
  api.route('/', jobRoutes(deps));
  api.route('/', opendataRoutes(deps));
  api.route('/', auditRoutes(deps));
  api.route('/', calculatorRoutes(deps));
  api.route('/', ratesRoutes(deps));
  app.route('/api', api);

  if (opts.clientDir && existsSync(join(opts.clientDir, 'index.html'))) {
    const root = relative(process.cwd(), opts.clientDir) || '.';
    const index = readFileSync(join(opts.clientDir, 'index.html'), 'utf8');
    app.use('/*', serveStatic({ root }));
    // Client-side routes fall back to the single page.
    app.get('*', (c) => (c.req.path.startsWith('/api/') ? notFoundHandler(c) : c.html(index)));
  }
  return app;
}
