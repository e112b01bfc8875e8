// The one policy module: who may do what, as a table per role, so that a change of rule is a change here.
import { describe, expect, it } from 'vitest';
import { ROLES, type User } from '../../server/domain/users/user.ts';
import { inScope, may, mayFollowJob, mayViewLayer, type Permission } from '../../server/policy/policy.ts';

const user = (role: User['role'], id = 1, comuni = ['E617']): User => ({ id, username: role, role, comuni });

describe('policy', () => {
  it('grants each permission to exactly the roles the law and the office need', () => {
    const permissions: Permission[] = ['personal-data', 'edit-buildings', 'import', 'tax-rates'];
    const table = Object.fromEntries(ROLES.map((role) => [role, permissions.filter((p) => may(user(role), p))]));
    expect(table).toEqual({
      admin: ['personal-data', 'edit-buildings', 'import', 'tax-rates'],
      urbanista: ['edit-buildings'],
      tributi: ['personal-data', 'tax-rates'],
      consultazione: [],
    });
  });

  it("keeps users within their comuni; a job is its owner's, and an admin's of the same comune", () => {
    expect([inScope(user('tributi'), 'E617'), inScope(user('tributi'), 'C566')]).toEqual([true, false]);
    const job = { user_id: 7, comune: 'E617' };
    expect(mayFollowJob(user('urbanista', 7), job)).toBe(true);
    expect(mayFollowJob(user('urbanista', 8), job)).toBe(false);
    expect(mayFollowJob(user('admin', 8), job)).toBe(true);
    expect(mayFollowJob(user('admin', 8, ['C566']), job)).toBe(false);
  });

  it('shows public layers to anyone, reserved ones to the roles they name', () => {
    const reserved = { public: false, roles: ['tributi', 'admin'] };
    expect(mayViewLayer(null, { public: true })).toBe(true);
    expect(mayViewLayer(null, reserved)).toBe(false);
    expect(ROLES.filter((r) => mayViewLayer(user(r), reserved))).toEqual(['admin', 'tributi']);
    expect(ROLES.filter((r) => mayViewLayer(user(r), { public: false }))).toEqual([...ROLES]);
  });
});
