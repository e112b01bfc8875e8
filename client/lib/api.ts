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

export interface Me {
  username: string;
  role: string;
  comuni: { code: string; name: string; province: string; bbox: [number, number, number, number] | null }[];
  permissions: { personalData: boolean; editBuildings: boolean };
}

export interface LayerInfo {
  id: string;
  title: { it: string; en: string };
  public: boolean;
  visible: boolean;
  minzoom: number;
  tiles: string;
  style: ({ type: 'fill' | 'line' | 'symbol' | 'circle'; minzoom?: number } & Record<string, unknown>)[];
  legend: { label: { it: string; en: string }; color: string; outline?: string }[];
  attribution?: string;
}

export interface Basemap {
  id: string;
  title: { it: string; en: string };
  enabled: boolean;
  tiles: string[];
  tileSize: number;
  attribution: string;
}

export interface SearchResult {
  kind: string;
  label: string;
  comune: string;
  building_id: number | null;
  bbox: [number, number, number, number];
}
