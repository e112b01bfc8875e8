// Per-client-address rate limit for the public, sessionless endpoints (rate-limiter-flexible, in memory; with
// several web processes counted once for all of them by the starting process, main.ts). Over the limit: 429
// with Retry-After and the usual JSON error.
import cluster from 'node:cluster';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { RateLimiterCluster, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { HttpError } from '../errors/http-error.ts';

/** The socket's remote address; in-process requests (tests) have none and share one bucket. */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'local';
  } catch {
    return 'local';
  }
}

export function rateLimit(opts: { name: string; points: number; seconds: number }): MiddlewareHandler {
  const options = { keyPrefix: opts.name, points: opts.points, duration: opts.seconds };
  const limiter = cluster.isWorker
    ? new RateLimiterCluster({ ...options, timeoutMs: 3000 })
    : new RateLimiterMemory(options);
  return async (c, next) => {
    try {
      await limiter.consume(clientAddress(c));
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      const retry = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      c.header('Retry-After', String(retry));
      throw new HttpError(429, 'rate_limited', `Troppe richieste: riprovare tra ${retry} secondi`, {
        limit: opts.points,
        window_seconds: opts.seconds,
        retry_after: retry,
      });
    }
    await next();
  };
}
