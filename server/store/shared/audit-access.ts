// Who may read the audit's findings and runs.
import type { User } from '../../domain/users/user.ts';
import { forbiddenError, notFoundError } from '../../errors/domain-error.ts';
import { inScope, may } from '../../policy/policy.ts';

export function requireAuditor(user: User): void {
  if (!may(user, 'personal-data'))
    throw forbiddenError(`Il ruolo ${user.role} non può consultare le verifiche tributarie`);
}

export function requireComune(user: User, comune: string): void {
  requireAuditor(user);
  if (!inScope(user, comune)) throw notFoundError(`Comune ${comune} non trovato`);
}
