import type { User } from '../domain/users/user.ts';
import { permissionsOf } from '../policy/policy.ts';
import type { ComuneView } from '../store/store.ts';

/** What the client needs to know about the signed-in user: role, permissions, comuni with where to look. */
export function meView(user: User, comuni: ComuneView[]) {
  return {
    username: user.username,
    role: user.role,
    comuni,
    permissions: permissionsOf(user),
  };
}
