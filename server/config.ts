// Configuration from the environment, checked once at start-up.
import { resolve } from 'node:path';
import { z } from 'zod';

const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  EDIGIT_DB: z.string().min(1).default('data/edigit.db'),
  EDIGIT_DEMO_PARCELS: z.coerce.number().int().min(100).max(1_000_000).default(4000),
});

export interface Config { port: number; dbPath: string; demoParcels: number }

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) throw new Error(`configurazione non valida: ${z.prettifyError(parsed.error)}`);
  return { port: parsed.data.PORT, dbPath: resolve(parsed.data.EDIGIT_DB), demoParcels: parsed.data.EDIGIT_DEMO_PARCELS };
}
