// Who may read or write what: role × comune × personal data. The one place these rules are written; the routes
// and the repositories ask it (and word their refusals for what the user was doing). Pure: no I/O.
import type { Role, User } from '../domain/users/user.ts';

export type Permission =
  /** Subjects, codici fiscali, residents' identities, tax positions, audit findings. */
  | 'personal-data'
  /** Correcting dossiers and footprints. */
  | 'edit-buildings'
  /** Loading files into the register (which may add a comune). */
  | 'import'
  /** The comune's IMU delibere, TARI tariffs and tax settings. */
  | 'tax-rates';

const GRANTED: Record<Permission, readonly Role[]> = {
  'personal-data': ['admin', 'tributi'],
  'edit-buildings': ['admin', 'urbanista'],
  import: ['admin'],
  'tax-rates': ['admin', 'tributi'],
};

export function may(user: Pick<User, 'role'>, permission: Permission): boolean {
  return GRANTED[permission].includes(user.role);
}

/** Whether the comune is one of the user's: another comune's objects do not exist for them (404, not 403). */
export function inScope(user: Pick<User, 'comuni'>, comune: string): boolean {
  return user.comuni.includes(comune);
}

/** A background job (import, export) is its owner's, and an admin's of its comune. */
export function mayFollowJob(user: User, job: { user_id: number; comune: string }): boolean {
  return job.user_id === user.id || (user.role === 'admin' && inScope(user, job.comune));
}

/** A layer is public (anyone, also anonymous), or open to the signed-in roles it names (all when none). */
export function mayViewLayer(user: User | null, layer: { public: boolean; roles?: readonly string[] }): boolean {
  if (!user) return layer.public;
  return !layer.roles || layer.roles.includes(user.role);
}

/** What the client is told it may do, for showing or hiding controls (the server decides again). */
export function permissionsOf(user: Pick<User, 'role'>) {
  return { personalData: may(user, 'personal-data'), editBuildings: may(user, 'edit-buildings') };
}
