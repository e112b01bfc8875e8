import type { User } from '../domain/users/user.ts';
import type { JobLimits } from '../jobs/limits.ts';
import type { LayerRegistry } from '../layers/registry.ts';
import type { EngineRef } from '../store/engine.ts';
import type { Store } from '../store/store.ts';

/**
 * `store` is the request path's storage boundary: no handler holds a database connection. `engine` says where
 * the register is, for worker threads that open their own connection (the audit; on SQLite also the bulk exchange
 * — export, import, open data — which works on the file directly), and `dataDir` holds their files.
 */
export interface Deps {
  store: Store;
  engine: EngineRef;
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
