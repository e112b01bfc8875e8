// The OpenAPI 3.1 document; request bodies come from the same zod schemas the handlers validate with.
import { z } from 'zod';
import { auditPaths, auditSchemas } from '../audit/audit-openapi.ts';
import { BuildingPatch } from '../buildings/patch-schema.ts';
import { ExportRequest } from '../exchange/export/export-routes.ts';
import { LoginBody } from '../http/session-routes.ts';
import * as calc from '../tax/calculator-schemas.ts';
import * as rates from '../tax/rates-schemas.ts';
import { body, error, idParam, json, schemaRef } from './parts.ts';

const buildingId = idParam("Id intero dell'edificio (lo stesso delle feature nei tile)");

/** The public calculators (server/tax/calculator-routes.ts): no session, rate-limited per address. */
function calculatorPaths() {
  const limited = {
    description: 'Troppe richieste dallo stesso indirizzo (header Retry-After)',
    ...schemaRef('Error'),
  };
  const post = (summary: string, name: string) => ({
    post: {
      summary,
      security: [],
      requestBody: body(`${name}Request`),
      responses: {
        200: { description: 'Calcolo con i passaggi (norma, testo, importo)', ...schemaRef(`${name}Response`) },
        400: error,
        404: error,
        413: error,
        415: error,
        422: error,
        429: limited,
      },
    },
  });
  return {
    '/api/tax/imu/calculate': post(
      'Calcolo IMU (L. 160/2019): base, mesi, imposta, quote Stato/comune, rate, ' +
        'righe F24; con "comune" le aliquote deliberate dal comune per l\'anno (c. 767)',
      'ImuCalculate',
    ),
    '/api/tax/tari/calculate': post(
      'Calcolo TARI (DPR 158/1999): quota fissa e variabile per i giorni di ' +
        'occupazione, TEFA; con "comune" le tariffe del comune per l\'anno',
      'TariCalculate',
    ),
  };
}

/** Rates and tariffs per comune-year (server/tax/rates-routes.ts): tributi and admin of the comune. */
function ratesPaths() {
  const params = ['comune', 'year'].map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: name === 'year' ? 'integer' : 'string' },
  }));
  return {
    '/api/tax/rates/{comune}/{year}': {
      get: {
        summary:
          'Aliquote IMU, tariffe TARI, valori delle aree fabbricabili e maggiorazione degli interessi ' +
          "dell'anno (ETag)",
        parameters: params,
        responses: { 200: json("Aliquote dell'anno"), 401: error, 403: error, 404: error },
      },
      put: {
        summary: "Modifica le aliquote dell'anno (If-Match obbligatorio; storico delle modifiche)",
        parameters: [...params, { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' } }],
        requestBody: body('YearRatesPut'),
        responses: {
          200: json('Aliquote aggiornate, nuovo ETag'),
          401: error,
          403: error,
          404: error,
          412: error,
          415: error,
          422: error,
          428: error,
        },
      },
    },
    '/api/tax/rates/{comune}/import': {
      post: {
        summary:
          'Importa aliquote e tariffe di uno o più anni (JSON come la lettura, o CSV anno;voce;valore), ' +
          'tutto o niente',
        parameters: params.slice(0, 1),
        requestBody: {
          required: true,
          content: {
            ...schemaRef('RatesImport').content,
            'text/csv': {
              schema: {
                type: 'string',
                description:
                  'anno;voce;valore, voce = percorso nel JSON ' +
                  '(imu.ordinary, imu.categories.C/1, tari.domestic_variable.3, tari.non_domestic.12.fisso, ' +
                  'building_land.A, interest_spread)',
              },
            },
          },
        },
        responses: { 200: json('Anni importati'), 401: error, 403: error, 404: error, 415: error, 422: error },
      },
    },
  };
}

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'edigit API',
      version: '0.1.0',
      description: 'Anagrafe Territoriale ed Edificio Digitale. Errori: { "error": { "code", "message", "details" } }.',
    },
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'edigit_session' } },
      schemas: {
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
              required: ['code', 'message'],
            },
          },
        },
        Login: z.toJSONSchema(LoginBody),
        BuildingPatch: z.toJSONSchema(BuildingPatch, { unrepresentable: 'any' }),
        ExportRequest: z.toJSONSchema(ExportRequest, { unrepresentable: 'any', io: 'input' }),
        ImuCalculateRequest: z.toJSONSchema(calc.ImuCalculateRequest, { unrepresentable: 'any', io: 'input' }),
        ImuCalculateResponse: z.toJSONSchema(calc.ImuCalculateResponse),
        TariCalculateRequest: z.toJSONSchema(calc.TariCalculateRequest, { unrepresentable: 'any', io: 'input' }),
        TariCalculateResponse: z.toJSONSchema(calc.TariCalculateResponse),
        ...auditSchemas(),
        YearRatesPut: z.toJSONSchema(rates.YearRatesPut, { unrepresentable: 'any', io: 'input' }),
        RatesImport: z.toJSONSchema(rates.RatesImport, { unrepresentable: 'any', io: 'input' }),
      },
    },
    security: [{ session: [] }],
    paths: {
      '/api/health': { get: { summary: 'Stato del servizio', security: [], responses: { 200: json('OK') } } },
      '/api/session': {
        post: {
          summary: 'Login (cookie httpOnly, SameSite=Lax)',
          security: [],
          requestBody: body('Login'),
          responses: { 201: json('Utente autenticato'), 401: error, 403: error, 422: error, 429: error },
        },
        delete: { summary: 'Logout', responses: { 204: { description: 'Sessione chiusa' } } },
      },
      '/api/me': {
        get: { summary: 'Utente corrente, ruolo, comuni e permessi', responses: { 200: json('Utente'), 401: error } },
      },
      '/api/layers': {
        get: { summary: 'Layer della mappa e basemap opzionali', responses: { 200: json('Layer'), 401: error } },
      },
      '/api/tiles/{layer}/{z}/{x}/{y}.mvt': {
        get: {
          summary: 'Tile vettoriale (Mapbox Vector Tile), gzip se accettato, ETag',
          security: [{}, { session: [] }],
          parameters: ['layer', 'z', 'x', 'y'].map((name) => ({
            name,
            in: 'path',
            required: true,
            schema: { type: name === 'layer' ? 'string' : 'integer' },
          })),
          responses: {
            200: { description: 'Tile', content: { 'application/vnd.mapbox-vector-tile': {} } },
            304: { description: 'Non modificato' },
            400: error,
            401: error,
            404: error,
          },
        },
      },
      '/api/search': {
        get: {
          summary: 'Ricerca per indirizzo, foglio/particella[/sub] o codice edificio',
          parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string', maxLength: 200 } }],
          responses: { 200: json('Risultati'), 400: error, 401: error },
        },
      },
      '/api/buildings/{id}': {
        get: {
          summary: 'Edificio Digitale (fascicolo); dati personali e tributi solo ai ruoli tributi e admin',
          parameters: [buildingId],
          responses: { 200: json('Fascicolo, con ETag'), 401: error, 404: error },
        },
        patch: {
          summary: "Correzione degli attributi (nota compresa) e dell'impronta; richiede If-Match",
          parameters: [buildingId, { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' } }],
          requestBody: body('BuildingPatch'),
          responses: {
            200: json('Edificio aggiornato, nuovo ETag'),
            400: error,
            403: error,
            404: error,
            412: error,
            413: error,
            415: error,
            422: error,
            428: error,
          },
        },
      },
      '/api/buildings/{id}/history': {
        get: {
          summary: 'Storico delle modifiche (chi, quando, prima, dopo)',
          parameters: [buildingId],
          responses: { 200: json('Storico'), 401: error, 404: error },
        },
      },
      '/api/exports/catalogue': {
        get: {
          summary: 'Layer esportabili (quelli con dati personali solo per tributi/admin) e CRS',
          responses: { 200: json('Catalogo'), 401: error },
        },
      },
      '/api/exports': {
        post: {
          summary:
            "Avvia un'esportazione GeoPackage (job); " +
            'dati personali solo con personal=true da tributi/admin, registrata',
          requestBody: body('ExportRequest'),
          responses: {
            202: json('Job creato (Location)'),
            400: error,
            401: error,
            403: error,
            404: error,
            415: error,
            422: error,
          },
        },
      },
      '/api/exports/{id}': {
        get: {
          summary: "Stato e avanzamento di un'esportazione",
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: json('Job'), 404: error },
        },
      },
      '/api/exports/{id}/file': {
        get: {
          summary: 'Scarica il GeoPackage',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: { description: 'GeoPackage', content: { 'application/geopackage+sqlite3': {} } },
            404: error,
            409: error,
          },
        },
      },
      '/api/imports': {
        post: {
          summary:
            'Importa un file (solo admin): cxf, inspire, gpkg, csv-imu, csv-imu-versamenti, csv-tari, csv-residenti, ' +
            'csv-diritti, csv-storico-catastale; dry_run e partial',
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['file', 'format', 'comune'],
                  properties: {
                    file: { type: 'string', format: 'binary' },
                    format: { type: 'string' },
                    comune: { type: 'string' },
                    crs: { type: 'string' },
                    layer: { type: 'string' },
                    map: { type: 'string', description: 'campo=COLONNA,…' },
                    dry_run: { type: 'string', enum: ['true', 'false'] },
                    partial: { type: 'string', enum: ['true', 'false'] },
                  },
                },
              },
            },
          },
          responses: { 202: json('Job creato'), 401: error, 403: error, 413: error, 415: error, 422: error },
        },
      },
      '/api/imports/{id}': {
        get: {
          summary:
            "Stato e rapporto di un'importazione " +
            '(aggiunti, aggiornati, invariati, rifiutati con motivo e posizione, riparati)',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: json('Job'), 404: error },
        },
      },
      '/api/opendata': {
        get: {
          summary: 'Catalogo dei dati aperti (licenza CC BY 4.0, attribuzione)',
          security: [],
          responses: { 200: json('Catalogo') },
        },
      },
      '/api/opendata/{comune}/{layer}.geojson': {
        get: {
          summary: 'Layer pubblico in GeoJSON',
          security: [],
          parameters: ['comune', 'layer'].map((name) => ({
            name,
            in: 'path',
            required: true,
            schema: { type: 'string' },
          })),
          responses: { 200: { description: 'GeoJSON', content: { 'application/geo+json': {} } }, 404: error },
        },
      },
      '/api/opendata/{comune}/{layer}.csv': {
        get: {
          summary: 'Layer pubblico in CSV (centroide WKT per i layer spaziali)',
          security: [],
          parameters: ['comune', 'layer'].map((name) => ({
            name,
            in: 'path',
            required: true,
            schema: { type: 'string' },
          })),
          responses: { 200: { description: 'CSV', content: { 'text/csv': {} } }, 404: error },
        },
      },
      ...calculatorPaths(),
      ...auditPaths(),
      ...ratesPaths(),
      '/api/openapi.json': { get: { summary: 'Questo documento', security: [], responses: { 200: json('OpenAPI') } } },
    },
  };
}
