// Conditional writes (RFC 9110 §13): the client sends the ETag it read, checked before the body is read,
// so that a stale write gets 412 whatever its body, and `If-Match: *` is no way around the lost-update check.
import type { Context } from 'hono';
import { DomainError, staleVersionError } from '../errors/domain-error.ts';

/** The If-Match header; 428 when missing or `*`. `what` names the resource: «della scheda letta». */
export function requireIfMatch(c: Context, what: string): string {
  const ifMatch = c.req.header('if-match')?.trim();
  if (!ifMatch || ifMatch === '*') {
    throw new DomainError(
      'precondition_required',
      'precondition_required',
      `Intestazione If-Match obbligatoria: inviare l'ETag ${what}` +
        `${ifMatch === '*' ? ' (If-Match: * non è ammesso)' : ''}`,
    );
  }
  return ifMatch;
}

/** 412 unless `ifMatch` names the current version (strong or weak form). */
export function checkIfMatch(ifMatch: string, current: string, message: string, details?: unknown): void {
  if (ifMatch !== current && ifMatch !== `W/${current}`) throw staleVersionError(message, details);
}
