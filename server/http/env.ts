import type { User } from '../auth/users.ts';
import type { Db } from '../db/open.ts';
import type { LayerRegistry } from '../layers/registry.ts';

/** `dbPath` lets workers open their own connection; exports and uploads live under `dataDir`. */
export interface Deps { db: Db; dbPath: string; dataDir: string; layers: LayerRegistry }
export interface AppEnv { Variables: { user: User | null } }
