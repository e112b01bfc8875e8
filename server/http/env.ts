import type { User } from '../auth/users.ts';
import type { Db } from '../db/open.ts';
import type { LayerRegistry } from '../layers/registry.ts';
import type { Store } from '../store/store.ts';

/**
 * `store` is the request path's storage boundary; `db`, `dbPath` (for workers) and `dataDir` (exports,
 * uploads) serve the bulk exchange code, which works on the SQLite file directly.
 */
export interface Deps { store: Store; db: Db; dbPath: string; dataDir: string; layers: LayerRegistry }
export interface AppEnv { Variables: { user: User | null } }
