export const ROLES = ['admin', 'urbanista', 'tributi', 'consultazione'] as const;
export type Role = (typeof ROLES)[number];

// What each role may do is decided in server/policy/policy.ts.
