// Errors as typed exceptions; the one handler in handler.ts maps them to JSON.
export class HttpError extends Error {
  readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 412 | 413 | 415 | 422 | 428 | 429 | 500 | 501 | 503;
  readonly code: string;
  readonly details: unknown;
  constructor(status: HttpError['status'], code: string, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details ?? null;
  }
}

export const badRequest = (message: string, details?: unknown) => new HttpError(400, 'bad_request', message, details);
export const unauthorized = () => new HttpError(401, 'unauthorized', 'Accesso richiesto: effettuare il login');
export const forbidden = (message = "Operazione non consentita al ruolo o al comune dell'utente") =>
  new HttpError(403, 'forbidden', message);
export const notFound = (message = 'Risorsa non trovata') => new HttpError(404, 'not_found', message);
export const unprocessable = (message: string, details?: unknown) =>
  new HttpError(422, 'validation_failed', message, details);

/**
 * The bulk exchange (GeoPackage export and import, open data) still works on the SQLite file itself (issue 9):
 * on PostgreSQL it says so instead of failing half-way.
 */
export const notOnPostgres = (what: string) =>
  new HttpError(
    501,
    'not_available',
    `${what} non è ancora disponibile con il database PostgreSQL: per ora si esegue sull'installazione SQLite`,
  );
