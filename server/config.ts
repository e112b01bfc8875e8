// Configuration from the environment, checked once at start-up.
import { resolve } from 'node:path';
import { z } from 'zod';

const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Loopback unless told otherwise: the app is meant to sit behind a TLS proxy, not on a public interface.
  HOST: z.union([z.ipv4(), z.ipv6(), z.hostname()]).default('127.0.0.1'),
  // The reverse proxy's address: only its X-Forwarded-For/-Proto/-Host are believed.
  TRUSTED_PROXY: z.union([z.ipv4(), z.ipv6()]).optional(),
  EDIGIT_DB: z.string().min(1).default('data/edigit.db'),
  EDIGIT_DEMO_PARCELS: z.coerce.number().int().min(100).max(1_000_000).default(4000),
});

export interface Config { port: number; host: string; trustedProxy: string | null; dbPath: string; demoParcels: number }

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) throw new Error(`configurazione non valida: ${z.prettifyError(parsed.error)}`);
  const d = parsed.data;
  return {
    port: d.PORT, host: d.HOST, trustedProxy: d.TRUSTED_PROXY ?? null,
    dbPath: resolve(d.EDIGIT_DB), demoParcels: d.EDIGIT_DEMO_PARCELS,
  };
}
