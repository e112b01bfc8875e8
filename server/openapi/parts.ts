// Pieces of the OpenAPI document that every part of it (core, audit, tax) writes the same way.

/** A JSON payload described by a named component schema. */
export const schemaRef = (name: string) => ({
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
});

/** The `{ error: { code, message, details } }` answer of every failure. */
export const error = { description: 'Errore', ...schemaRef('Error') };

/** A JSON object answer described in words. */
export const json = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'object' } } },
});

/** A required JSON request body with a named component schema. */
export const body = (name: string) => ({ required: true, ...schemaRef(name) });

/** An integer id in the path. */
export const idParam = (description?: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'integer' },
  ...(description ? { description } : {}),
});

/** An optional query parameter. */
export const query = (name: string, schema: object, description: string) => ({
  name,
  in: 'query',
  required: false,
  schema,
  description,
});
