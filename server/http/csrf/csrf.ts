import type { MiddlewareHandler } from 'hono';
import { HttpError } from '../../errors/http-error.ts';
import type { AppEnv } from '../env.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests that a browser sent on behalf of another site, before any body is read.
 * Browsers always send Origin on POST/PUT/PATCH/DELETE, and Sec-Fetch-Site where they send no Origin;
 * a request with neither did not come from a page (CLI, curl, tests) and cannot carry a victim's cookie
 * against their will, so it passes. The SameSite=Lax cookie alone does not cover same-site subdomains.
 */
export function csrfGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { origin } = c.get('client');
    const from = { origin: c.req.header('origin'), fetchSite: c.req.header('sec-fetch-site') };
    if (!SAFE_METHODS.has(c.req.method) && crossOrigin(from.origin, from.fetchSite, origin)) {
      throw new HttpError(403, 'cross_origin', 'Richiesta rifiutata: proviene da un altro sito (origine non ammessa)');
    }
    await next();
  };
}

function crossOrigin(origin: string | undefined, fetchSite: string | undefined, own: string): boolean {
  // Privacy-sensitive contexts send the literal "null": it is never our own page.
  if (origin !== undefined) return origin.toLowerCase() !== own.toLowerCase();
  return fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none';
}
