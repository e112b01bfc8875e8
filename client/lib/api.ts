import type { meView } from '../../server/auth/me-view.ts';
// Thin fetch wrapper: JSON in and out, errors as ApiError with the server's code and details.
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export async function api<T>(
  path: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<{ data: T; etag: string | null }> {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers, body, credentials: 'same-origin' });
  } catch (e) {
    if (init.signal?.aborted) throw e; // the caller's own cancel
    // The browser says only "TypeError: Failed to fetch": say what happened, in Italian.
    throw new ApiError(0, 'unreachable', 'Server non raggiungibile: controllare la connessione e riprovare', null);
  }
  const text = await res.text();
  let data: { error?: { code?: string; message?: string; details?: unknown } } | null = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // a proxy's HTML page (502, 504) instead of the server's JSON
    throw new ApiError(
      res.status,
      'bad_response',
      `Il server non risponde correttamente (HTTP ${res.status}): riprovare tra poco`,
      null,
    );
  }
  if (!res.ok) {
    const e = data?.error ?? {};
    throw new ApiError(res.status, e.code ?? 'http_error', e.message ?? res.statusText, e.details ?? null);
  }
  return { data: data as T, etag: res.headers.get('etag') };
}

// The API's shapes are the server's own types: a field renamed there breaks this build.
export type Me = ReturnType<typeof meView>;
export type { LayerInfo } from '../../server/layers/layer-routes.ts';
export type { Basemap } from '../../server/layers/registry.ts';
export type { SearchResult } from '../../server/store/store.ts';
