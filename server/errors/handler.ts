import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { DomainError, type DomainErrorKind } from './domain-error.ts';
import { HttpError } from './http-error.ts';

const DOMAIN_STATUS = {
  not_found: 404,
  conflict: 409,
  stale_version: 412,
  forbidden: 403,
  invalid: 422,
  precondition_required: 428,
} as const satisfies Record<DomainErrorKind, number>;

function body(code: string, message: string, details: unknown = null) {
  return { error: { code, message, details } };
}

/** Field-level reasons from a zod error: [{ path: 'height', message: '…' }]. */
export function zodDetails(e: ZodError): { path: string; message: string }[] {
  return e.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? // A misspelt optional field would otherwise be dropped silently and change the result.
        i.keys.map((k) => ({ path: [...i.path, k].join('.'), message: `campo sconosciuto: ${k}` }))
      : [{ path: i.path.join('.') || '(corpo)', message: i.message }],
  );
}

/** The one place where exceptions become HTTP responses; never a stack trace to the client. */
export function errorHandler(err: Error, c: Context): Response {
  if (err instanceof HttpError) return c.json(body(err.code, err.message, err.details), err.status);
  if (err instanceof DomainError) return c.json(body(err.code, err.message, err.details), DOMAIN_STATUS[err.kind]);
  if (err instanceof ZodError) return c.json(body('validation_failed', 'Dati non validi', zodDetails(err)), 422);
  if (err instanceof HTTPException) {
    const status = err.status;
    const code = status === 413 ? 'payload_too_large' : status === 400 ? 'bad_request' : 'http_error';
    const message = status === 413 ? 'Richiesta troppo grande' : err.message || 'Richiesta non valida';
    return c.json(body(code, message), status);
  }
  // SQLITE_BUSY: a long import holds the write lock. Not the client's fault, and it passes.
  if ((err as { errcode?: number }).errcode === 5) {
    c.header('Retry-After', '10');
    return c.json(body('busy', 'Il database è occupato (importazione in corso): riprovare tra poco'), 503);
  }
  console.error('[edigit] errore interno:', err);
  return c.json(body('internal_error', 'Errore interno del server'), 500);
}

export function notFoundHandler(c: Context): Response {
  return c.json(body('not_found', `Percorso non trovato: ${c.req.method} ${c.req.path}`), 404);
}
