import { permissionsOf } from '../policy/policy.ts';
import type { User } from './users.ts';

/** One of the user's comuni with where the map opens on it (null: nothing there to show yet). */
export interface ComuneView {
  code: string;
  name: string;
  province: string;
  bbox: number[] | null;
}

/** What the client needs to know about the signed-in user: role, permissions, comuni with where to look. */
export function meView(user: User, comuni: ComuneView[]) {
  return {
    username: user.username,
    role: user.role,
    comuni,
    permissions: permissionsOf(user),
  };
}
