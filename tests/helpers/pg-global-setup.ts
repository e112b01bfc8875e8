// Vitest globalSetup: the PostgreSQL half of the tests gets one throw-away cluster for the whole run, handed to
// the test files as inject('pgUrl') (see pg-url.ts). Where PostgreSQL + PostGIS are missing that half is skipped,
// except under CI, where missing packages are an error rather than a silently smaller run.
import type { TestProject } from 'vitest/node';
import { findPgBin, startCluster } from './pg-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of a PostgreSQL with PostGIS, or null when the PostgreSQL tests are skipped. */
    pgUrl: string | null;
  }
}

export type PgDecision = 'use-env' | 'start' | 'fail' | 'skip';

/**
 * EDIGIT_TEST_PG (an admin URL) wins; else a local PostgreSQL with PostGIS is started; else CI fails and a
 * developer's run skips.
 */
export function pgDecision({ env, found, ci }: { env: string | undefined; found: boolean; ci: boolean }): PgDecision {
  if (env) return 'use-env';
  if (found) return 'start';
  return ci ? 'fail' : 'skip';
}

export const SKIP_NOTICE =
  'PostGIS: metà PostgreSQL dei test saltata — ' +
  'installare i pacchetti Debian postgresql-15 e postgresql-15-postgis-3 per eseguirla';

export const CI_ERROR =
  'CI: the tests need PostgreSQL 15 + PostGIS 3 (Debian packages postgresql-15 postgresql-15-postgis-3), ' +
  'or EDIGIT_TEST_PG set to the admin URL of a server that has them';

/** What the setup reads and starts: the real ones in the default export, stand-ins in its tests. */
export interface PgSetupDeps {
  env: Record<string, string | undefined>;
  findPgBin: () => string | null;
  startCluster: (bin: string) => Promise<{ url: string; stop(): Promise<void> }>;
  warn: (line: string) => void;
}

/** Provides pgUrl and returns the teardown, if any. */
export async function pgSetup(
  provide: (key: 'pgUrl', value: string | null) => void,
  { env, findPgBin, startCluster, warn }: PgSetupDeps,
): Promise<(() => Promise<void>) | undefined> {
  const bin = findPgBin();
  switch (pgDecision({ env: env.EDIGIT_TEST_PG, found: bin !== null, ci: env.CI === 'true' })) {
    case 'use-env':
      provide('pgUrl', env.EDIGIT_TEST_PG!);
      return undefined;
    case 'start': {
      const cluster = await startCluster(bin!);
      provide('pgUrl', cluster.url);
      return () => cluster.stop();
    }
    case 'fail':
      throw new Error(CI_ERROR);
    case 'skip':
      warn(SKIP_NOTICE);
      provide('pgUrl', null);
      return undefined;
  }
}

export default function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  return pgSetup((key, value) => project.provide(key, value), {
    env: process.env,
    findPgBin,
    startCluster,
    warn: (line) => process.stderr.write(`${line}\n`),
  });
}
