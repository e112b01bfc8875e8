import type { Context } from 'hono';
import type { z } from 'zod';
import { zodDetails } from '../errors/handler.ts';
import { badRequest, HttpError, unprocessable } from '../errors/http-error.ts';

/**
 * Where JSON.parse stopped, in Italian: its own message is the engine's English ("Unexpected token … in JSON
 * at position 12 (line 1 column 13)"), which the client is never shown.
 */
export function jsonErrorLocation(message: string): {
  reason: string;
  position?: number;
  line?: number;
  column?: number;
} {
  const at = /position (\d+)/.exec(message);
  const lc = /line (\d+) column (\d+)/.exec(message);
  return {
    reason: /end of JSON input|Unterminated/i.test(message)
      ? 'il testo JSON finisce prima del previsto'
      : 'sintassi JSON non valida',
    ...(at ? { position: Number(at[1]) } : {}),
    ...(lc ? { line: Number(lc[1]), column: Number(lc[2]) } : {}),
  };
}

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
    throw badRequest('JSON non valido', jsonErrorLocation((e as Error).message));
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw unprocessable('Dati non validi', zodDetails(parsed.error));
  return parsed.data;
}
