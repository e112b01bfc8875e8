import type { MiddlewareHandler } from 'hono';
import type { AppEnv, ClientFacts } from './env.ts';

/**
 * Who is on the other end: the peer address and whether the request came over TLS. Forwarded headers
 * (X-Forwarded-For, -Proto, -Host) are believed only from the configured trusted proxy, since anybody
 * else could forge them to dodge the login throttle or to get a session cookie without `Secure`.
 */
export function clientFacts(trustedProxy: string | null): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
    const peer = env?.incoming?.socket?.remoteAddress ?? null;
    const url = new URL(c.req.url);
    let { host } = url;
    const facts = { address: peer, https: url.protocol === 'https:' };
    if (peer !== null && trustedProxy !== null && sameAddress(peer, trustedProxy)) {
      // The proxy appends the address it saw: the last entry is the only one it vouches for.
      const forwarded = c.req
        .header('x-forwarded-for')
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .at(-1);
      if (forwarded) facts.address = forwarded;
      const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
      if (proto) facts.https = proto === 'https';
      host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim() || host;
    }
    const client: ClientFacts = { ...facts, origin: `${facts.https ? 'https' : 'http'}://${host}` };
    c.set('client', client);
    await next();
  };
}

/** 127.0.0.1 and its IPv4-mapped IPv6 form are the same peer. */
function sameAddress(a: string, b: string): boolean {
  const plain = (s: string) => s.replace(/^::ffff:/i, '');
  return plain(a) === plain(b);
}
