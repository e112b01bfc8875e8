// Who works on the register: a user, with one role and the comuni in their scope (pure types; a new user's name,
// password and role are checked by server/auth/users.ts).
export const ROLES = ['admin', 'urbanista', 'tributi', 'consultazione'] as const;
export type Role = (typeof ROLES)[number];

// What each role may do is decided in server/policy/policy.ts.

export interface User {
  id: number;
  username: string;
  role: Role;
  comuni: string[];
}
