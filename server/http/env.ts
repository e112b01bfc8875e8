import type { User } from '../auth/users.ts';
import type { Db } from '../db/open.ts';
import type { LayerRegistry } from '../layers/registry.ts';

export interface Deps { db: Db; layers: LayerRegistry }
export interface AppEnv { Variables: { user: User | null } }
