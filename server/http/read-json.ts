import type { Context } from 'hono';
import type { z } from 'zod';
import { zodDetails } from '../errors/handler.ts';
import { badRequest, HttpError, unprocessable } from '../errors/http-error.ts';

/** Reads and validates a JSON body: 415 when not JSON, 400 when malformed, 422 with field reasons. */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type))
    throw new HttpError(
      415,
      'unsupported_media_type',
      'Il corpo della richiesta deve essere JSON (Content-Type: application/json)',
    );
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw badRequest('JSON non valido', { reason: (e as Error).message });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw unprocessable('Dati non validi', zodDetails(parsed.error));
  return parsed.data;
}
