// The audit's part of the OpenAPI document (server/openapi/document.ts): paths and request schemas.
import { z } from 'zod';
import { FINDING_STATES } from '../domain/audit/workflow.ts';
import { body, error, idParam, json, query } from '../openapi/parts.ts';
import { AuditRunRequest, BulkAssign, FindingPatch } from './audit-routes.ts';

const id = idParam();

const FILTERS = [
  query(
    'comune',
    { type: 'string', pattern: '^[A-Z]\\d{3}$' },
    'Codice Belfiore; obbligatorio per chi opera su più comuni',
  ),
  query('rule', { type: 'integer', minimum: 1, maximum: 7 }, 'Regola di verifica (domain.md)'),
  query('year', { type: 'integer' }, "Anno d'imposta"),
  query('state', { type: 'string', enum: [...FINDING_STATES] }, 'Stato di lavorazione'),
  query('assignee', { type: 'string' }, 'Utente assegnatario; vuoto = non assegnate'),
  query('min_eur', { type: 'number', minimum: 0 }, 'Importo recuperabile minimo'),
  query('bbox', { type: 'string' }, 'Area W,S,E,N in gradi WGS84'),
  query('foglio', { type: 'string' }, 'Foglio catastale'),
];
const PAGE = [
  query('limit', { type: 'integer', minimum: 1, maximum: 500, default: 50 }, 'Righe per pagina'),
  query('cursor', { type: 'string' }, 'Il valore «next» della pagina precedente'),
];
const RESTRICTED =
  'Solo ruoli tributi e admin del comune (403 per gli altri ruoli, 404 per altri comuni); lettura registrata';

export function auditSchemas() {
  return {
    AuditRunRequest: z.toJSONSchema(AuditRunRequest, { io: 'input' }),
    FindingPatch: z.toJSONSchema(FindingPatch, { io: 'input' }),
    BulkAssign: z.toJSONSchema(BulkAssign, { io: 'input' }),
  };
}

export function auditPaths() {
  return {
    '/api/audit/runs': {
      post: {
        summary:
          'Avvia la verifica tributaria (job con avanzamento): le sette regole sugli anni accertabili ' +
          'o su quelli indicati',
        requestBody: body('AuditRunRequest'),
        responses: {
          202: json('Verifica avviata (Location)'),
          401: error,
          403: error,
          404: error,
          409: error,
          415: error,
          422: error,
        },
      },
    },
    '/api/audit/runs/{id}': {
      get: {
        summary: 'Stato, avanzamento e riepilogo di una verifica',
        parameters: [id],
        responses: { 200: json('Verifica'), 401: error, 403: error, 404: error },
      },
    },
    '/api/audit/findings': {
      get: {
        summary: `Segnalazioni ordinate per importo recuperabile (poi id), con filtri e cursore. ${RESTRICTED}`,
        parameters: [...FILTERS, ...PAGE],
        responses: {
          200: json(
            '{ items: [{ id, rule, year, unit_id, building_id, parcel_id, subject_id, amount_eur, claimable_eur, ' +
              'state, assignee, evidence, … }], next }',
          ),
          401: error,
          403: error,
          404: error,
          422: error,
        },
      },
    },
    '/api/audit/findings.csv': {
      get: {
        summary: `L'elenco filtrato in CSV. ${RESTRICTED}`,
        parameters: FILTERS,
        responses: {
          200: { description: 'CSV', content: { 'text/csv': {} } },
          401: error,
          403: error,
          404: error,
          422: error,
        },
      },
    },
    '/api/audit/findings/{id}': {
      get: {
        summary: `Una segnalazione con prove e passaggi di calcolo (ETag). ${RESTRICTED}`,
        parameters: [id],
        responses: { 200: json('Segnalazione'), 401: error, 403: error, 404: error },
      },
      patch: {
        summary:
          'Cambia stato (da_verificare → in_istruttoria → accertato | archiviato, con motivo), ' +
          'assegnatario, aggiunge una nota',
        parameters: [id, { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' } }],
        requestBody: body('FindingPatch'),
        responses: {
          200: json('Segnalazione aggiornata, nuovo ETag'),
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
    '/api/audit/findings/{id}/history': {
      get: {
        summary: 'Storico della segnalazione: chi, quando, da, a, nota',
        parameters: [id],
        responses: { 200: json('Eventi'), 401: error, 403: error, 404: error },
      },
    },
    '/api/audit/findings/bulk-assign': {
      post: {
        summary: 'Assegna più segnalazioni a un utente tributi/admin del comune',
        requestBody: body('BulkAssign'),
        responses: { 200: json('{ updated }'), 401: error, 403: error, 404: error, 422: error },
      },
    },
    '/api/audit/summary': {
      get: {
        summary: 'Cruscotto: € recuperabili per regola, anno e foglio, e segnalazioni per stato',
        parameters: [FILTERS[0]!],
        responses: { 200: json('Riepilogo'), 401: error, 403: error, 404: error },
      },
    },
  };
}
