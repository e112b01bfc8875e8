import type { User } from '../domain/users/user.ts';
import type { JobLimits } from '../jobs/limits.ts';
import type { LayerRegistry } from '../layers/registry.ts';
import type { Store } from '../store/store.ts';

/**
 * `store` is the request path's storage boundary: no handler holds a database connection. `dbPath` is for the
 * workers of the bulk exchange code (export, import, open data), which work on the SQLite file directly, and
 * `dataDir` for their files (exports, uploads).
 */
export interface Deps {
  store: Store;
  dbPath: string;
  dataDir: string;
  layers: LayerRegistry;
  /** Bounds of imports and uploads; the defaults of jobs/limits.ts when absent. */
  limits?: Partial<JobLimits>;
}
/**
 * The peer as far as it can be trusted (client-facts.ts): `address` null when unknown (in-process tests),
 * `origin` the app's own origin as the browser sees it.
 */
export interface ClientFacts {
  address: string | null;
  https: boolean;
  origin: string;
}
export interface AppEnv {
  Variables: { user: User | null; client: ClientFacts };
}
