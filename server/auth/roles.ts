export const ROLES = ['admin', 'urbanista', 'tributi', 'consultazione'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that may see subjects, codici fiscali, residents' identities and tax positions. */
export function seesPersonalData(role: Role): boolean {
  return role === 'admin' || role === 'tributi';
}

/** Roles that may correct building dossiers. */
export function editsBuildings(role: Role): boolean {
  return role === 'admin' || role === 'urbanista';
}
