// Domain errors: what repositories and domain services throw. They know nothing of HTTP; the one
// handler in handler.ts maps each kind to its status, so storage code never picks a status code.
export type DomainErrorKind =
  | 'not_found'
  | 'conflict'
  | 'stale_version'
  | 'forbidden'
  | 'invalid'
  | 'precondition_required';

export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  readonly code: string;
  readonly details: unknown;
  constructor(kind: DomainErrorKind, code: string, message: string, details?: unknown) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.details = details ?? null;
  }
}

export const notFoundError = (message: string, code = 'not_found') => new DomainError('not_found', code, message);
export const staleVersionError = (message: string, details?: unknown) =>
  new DomainError('stale_version', 'stale_version', message, details);
export const forbiddenError = (message: string) => new DomainError('forbidden', 'forbidden', message);
/** `details`: [{ path, message }] naming each offending field. */
export const invalidError = (message: string, details?: unknown, code = 'validation_failed') =>
  new DomainError('invalid', code, message, details);
