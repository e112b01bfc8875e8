// Configuration from the environment, checked once at start-up.
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { JobLimits } from './jobs/limits.ts';
import { type EngineRef, engineOf } from './store/engine.ts';

const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Loopback unless told otherwise: the app is meant to sit behind a TLS proxy, not on a public interface.
  HOST: z.union([z.ipv4(), z.ipv6(), z.hostname()]).default('127.0.0.1'),
  // The reverse proxy's address: only its X-Forwarded-For/-Proto/-Host are believed.
  TRUSTED_PROXY: z.union([z.ipv4(), z.ipv6()]).optional(),
  // A file path (embedded SQLite) or a postgres:// address (PostgreSQL/PostGIS): store/engine.ts.
  EDIGIT_DB: z.string().min(1).default('data/edigit.db'),
  // Exports and uploads; next to the SQLite file by default, ./data with PostgreSQL.
  EDIGIT_DATA_DIR: z.string().min(1).optional(),
  EDIGIT_DEMO_PARCELS: z.coerce.number().int().min(100).max(1_000_000).default(4000),
  // Web processes sharing the port (node:cluster): one per core by default; 1 serves in the starting process.
  EDIGIT_WEB_WORKERS: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
  // Bounds of imports (jobs/limits.ts): a hostile file ends its job, not the server.
  EDIGIT_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(16_384).default(1024),
  EDIGIT_IMPORT_TIMEOUT_S: z.coerce.number().int().min(10).max(86_400).default(1800),
  EDIGIT_IMPORT_HEAP_MB: z.coerce.number().int().min(64).max(16_384).default(2048),
  EDIGIT_IMPORT_MAX_FEATURES: z.coerce.number().int().min(1).max(100_000_000).default(2_000_000),
});

export interface Config {
  port: number;
  host: string;
  trustedProxy: string | null;
  engine: EngineRef;
  dataDir: string;
  demoParcels: number;
  webWorkers: number;
  limits: JobLimits;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) throw new Error(`configurazione non valida: ${z.prettifyError(parsed.error)}`);
  const d = parsed.data;
  const engine = engineOf(d.EDIGIT_DB);
  return {
    port: d.PORT,
    host: d.HOST,
    trustedProxy: d.TRUSTED_PROXY ?? null,
    engine,
    dataDir: resolve(d.EDIGIT_DATA_DIR ?? (engine.kind === 'sqlite' ? dirname(engine.path) : 'data')),
    demoParcels: d.EDIGIT_DEMO_PARCELS,
    webWorkers: d.EDIGIT_WEB_WORKERS,
    limits: {
      uploadBytes: d.EDIGIT_MAX_UPLOAD_MB * 1024 * 1024,
      importTimeoutMs: d.EDIGIT_IMPORT_TIMEOUT_S * 1000,
      importHeapMb: d.EDIGIT_IMPORT_HEAP_MB,
      importFeatures: d.EDIGIT_IMPORT_MAX_FEATURES,
    },
  };
}
