// The OpenAPI 3.1 document; request bodies come from the same zod schemas the handlers validate with.
import { z } from 'zod';
import { BuildingPatch } from '../buildings/patch-schema.ts';
import { LoginBody } from '../http/session-routes.ts';

const error = { description: 'Errore', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer' }, description: 'Id intero dell\'edificio (lo stesso delle feature nei tile)' };

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: { title: 'edigit API', version: '0.1.0', description: 'Anagrafe Territoriale ed Edificio Digitale. Errori: { "error": { "code", "message", "details" } }.' },
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'edigit_session' } },
      schemas: {
        Error: { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} }, required: ['code', 'message'] } } },
        Login: z.toJSONSchema(LoginBody),
        BuildingPatch: z.toJSONSchema(BuildingPatch, { unrepresentable: 'any' }),
      },
    },
    security: [{ session: [] }],
    paths: {
      '/api/health': { get: { summary: 'Stato del servizio', security: [], responses: { 200: json('OK') } } },
      '/api/session': {
        post: { summary: 'Login (cookie httpOnly, SameSite=Lax)', security: [], requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Login' } } } }, responses: { 201: json('Utente autenticato'), 401: error, 422: error } },
        delete: { summary: 'Logout', responses: { 204: { description: 'Sessione chiusa' } } },
      },
      '/api/me': { get: { summary: 'Utente corrente, ruolo, comuni e permessi', responses: { 200: json('Utente'), 401: error } } },
      '/api/layers': { get: { summary: 'Layer della mappa e basemap opzionali', responses: { 200: json('Layer'), 401: error } } },
      '/api/tiles/{layer}/{z}/{x}/{y}.mvt': {
        get: {
          summary: 'Tile vettoriale (Mapbox Vector Tile), gzip se accettato, ETag', security: [{}, { session: [] }],
          parameters: ['layer', 'z', 'x', 'y'].map((name) => ({ name, in: 'path', required: true, schema: { type: name === 'layer' ? 'string' : 'integer' } })),
          responses: { 200: { description: 'Tile', content: { 'application/vnd.mapbox-vector-tile': {} } }, 304: { description: 'Non modificato' }, 400: error, 401: error, 404: error },
        },
      },
      '/api/search': { get: { summary: 'Ricerca per indirizzo, foglio/particella[/sub] o codice edificio', parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string', maxLength: 200 } }], responses: { 200: json('Risultati'), 400: error, 401: error } } },
      '/api/buildings/{id}': {
        get: { summary: 'Edificio Digitale (fascicolo); dati personali e tributi solo ai ruoli tributi e admin', parameters: [idParam], responses: { 200: json('Fascicolo, con ETag'), 401: error, 404: error } },
        patch: {
          summary: 'Correzione degli attributi (nota compresa) e dell\'impronta; richiede If-Match', parameters: [idParam, { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/BuildingPatch' } } } },
          responses: { 200: json('Edificio aggiornato, nuovo ETag'), 400: error, 403: error, 404: error, 412: error, 413: error, 415: error, 422: error, 428: error },
        },
      },
      '/api/buildings/{id}/history': { get: { summary: 'Storico delle modifiche (chi, quando, prima, dopo)', parameters: [idParam], responses: { 200: json('Storico'), 401: error, 404: error } } },
      '/api/openapi.json': { get: { summary: 'Questo documento', security: [], responses: { 200: json('OpenAPI') } } },
    },
  };
}
