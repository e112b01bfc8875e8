// SQLite implementation of the audit store: runs, findings (kept across runs), workflow and aggregates.
import type { StatementSync } from 'node:sqlite';
import type { Db } from '../../db/open.ts';
import { transaction } from '../../db/transaction.ts';
import { FINDING_STATES, type FindingState, LIVE_STATES, OPEN_STATES } from '../../domain/audit/workflow.ts';
import type { User } from '../../domain/users/user.ts';
import { checkIfMatch } from '../../http/preconditions.ts';
import { inScope } from '../../policy/policy.ts';
import type { Aggregate, AuditStore, Finding, FindingDraft, FindingEvent, FindingItem, ScoreKey } from '../audit.ts';
import { STALE_FINDING } from '../audit.ts';
import { requireAuditor, requireComune } from '../shared/audit-access.ts';
import {
  comuneNotInDatabase,
  findingChanged,
  findingNotFound,
  invalidAssignee,
  runInProgress,
  runNotFound,
} from '../shared/audit-errors.ts';
import {
  bulkAssignRecords,
  eventValues,
  type FindingRecords,
  patchOutcome,
  patchRecords,
  runTransitionRecords,
} from '../shared/finding-changes.ts';
import { decodeCursor } from '../shared/finding-cursor.ts';
import { filterSql, type ListFilter } from '../shared/finding-filter.ts';
import { everyFinding, exportReadNote, listReadNote, pageOf } from '../shared/finding-pages.ts';
import { ITEM_COLUMNS, type ItemRow, objectKey, type RunRow, toItem, toRun } from '../shared/finding-rows.ts';
import { json } from '../shared/json-column.ts';
import { sqliteAuditCandidates } from './audit-candidates.ts';
import { logPersonalRead } from './read-log.ts';
import { recordChange } from './record-change.ts';
import { updateTask } from './task-update.ts';

export function sqliteAuditStore(db: Db): AuditStore {
  const cache = new Map<string, StatementSync>();
  const q = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };

  /** Writes a finding's event and its history entry. */
  function keep(r: FindingRecords) {
    q(`INSERT INTO audit_finding_events (finding_id, user_id, username, from_state, to_state, from_assignee,
      to_assignee, note)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(...eventValues(r));
    recordChange(db, r.change);
  }

  /** Moves a finding to `to` on behalf of a run (not reproduced, or reproduced again). */
  function runTransition(runId: number, id: number, from: FindingState, to: FindingState, note: string) {
    q(`UPDATE audit_findings SET state = ?, prev_state = ?, version = version + 1,
        updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`).run(
      to,
      to === 'non_piu_riscontrato' ? from : null,
      id,
    );
    keep(runTransitionRecords(runId, id, from, to, note));
  }

  function loadItem(user: User, id: number): FindingItem {
    requireAuditor(user);
    const r = q(`SELECT ${ITEM_COLUMNS} FROM audit_findings WHERE id = ?`).get(id) as ItemRow | undefined;
    if (!r || !inScope(user, r.comune)) throw findingNotFound(id);
    return toItem(r);
  }

  /** foglio and map bbox of a finding's object, looked up once per draft by primary key. */
  function locate(d: FindingDraft): {
    foglio: string | null;
    minx: number | null;
    miny: number | null;
    maxx: number | null;
    maxy: number | null;
  } {
    const foglio =
      d.unit_id !== null
        ? q('SELECT foglio FROM units WHERE id = ?').get(d.unit_id)
        : d.parcel_id !== null
          ? q('SELECT foglio FROM parcels WHERE id = ?').get(d.parcel_id)
          : q(`SELECT p.foglio FROM building_parcels bp JOIN parcels p ON p.id = bp.parcel_id
            WHERE bp.building_id = ? ORDER BY p.id LIMIT 1`).get(d.building_id);
    const box =
      d.building_id !== null
        ? q('SELECT minx, miny, maxx, maxy FROM buildings WHERE id = ?').get(d.building_id)
        : d.parcel_id !== null
          ? q('SELECT minx, miny, maxx, maxy FROM parcels WHERE id = ?').get(d.parcel_id)
          : undefined;
    const b = box as { minx: number; miny: number; maxx: number; maxy: number } | undefined;
    return {
      foglio: (foglio as { foglio: string } | undefined)?.foglio ?? null,
      minx: b?.minx ?? null,
      miny: b?.miny ?? null,
      maxx: b?.maxx ?? null,
      maxy: b?.maxy ?? null,
    };
  }

  function page(f: ListFilter, limit: number, cursor: string | undefined) {
    const { where, params } = filterSql(f, () => '?');
    let keyset = '';
    if (cursor) {
      const [claimable, id] = decodeCursor(cursor);
      keyset = ' AND (claimable_eur < ? OR (claimable_eur = ? AND id > ?))';
      params.push(claimable, claimable, id);
    }
    const rows = q(`SELECT ${ITEM_COLUMNS} FROM audit_findings WHERE ${where}${keyset}
      ORDER BY claimable_eur DESC, id LIMIT ?`).all(...params, limit + 1) as ItemRow[];
    return pageOf(rows, limit);
  }

  function aggregate(comune: string, key: string, states: readonly string[]): Aggregate[] {
    return q(`SELECT ${key} AS key, count(*) AS findings, round(total(claimable_eur), 2) AS claimable_eur
      FROM audit_findings WHERE comune = ? AND state IN (${states.map(() => '?').join(', ')})
      GROUP BY ${key} ORDER BY ${key}`).all(comune, ...states) as unknown as Aggregate[];
  }

  return {
    candidates: sqliteAuditCandidates(db),

    async createRun(user, comune, years, asOf) {
      if (!q('SELECT 1 FROM comuni WHERE code = ?').get(comune)) {
        throw comuneNotInDatabase(comune);
      }
      const running = q("SELECT id FROM audit_runs WHERE comune = ? AND status = 'running'").get(comune) as
        | { id: number }
        | undefined;
      if (running) {
        throw runInProgress(comune, running.id);
      }
      const id = Number(
        q(
          `INSERT INTO audit_runs (comune, years, as_of, status, user_id, username) VALUES (?, ?, ?, 'running', ?, ?)`,
        ).run(comune, JSON.stringify(years), asOf, user?.id ?? null, user?.username ?? 'riga di comando')
          .lastInsertRowid,
      );
      return toRun(q('SELECT * FROM audit_runs WHERE id = ?').get(id) as unknown as RunRow);
    },

    async failInterruptedRuns() {
      return Number(
        q(`UPDATE audit_runs SET status = 'failed', error = 'interrotta dal riavvio del server: ripeterla',
        finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE status IN ('queued', 'running')`).run().changes,
      );
    },

    async updateRun(id, u) {
      updateTask(db, 'audit_runs', id, { ...u, summary: json(u.summary) });
    },

    async getRun(user, id) {
      requireAuditor(user);
      const r = q('SELECT * FROM audit_runs WHERE id = ?').get(id) as RunRow | undefined;
      if (!r || !inScope(user, r.comune)) throw runNotFound(id);
      return toRun(r);
    },

    async saveFindings(runId, comune, drafts) {
      return transaction(db, () => {
        const upsert =
          q(`INSERT INTO audit_findings (comune, rule, year, unit_id, building_id, parcel_id, subject_id, object_key,
            subject_key, foglio, minx, miny, maxx, maxy, amount_eur, claimable_eur, evidence, steps, first_seen_run,
              last_seen_run)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (comune, rule, object_key, subject_key, year) DO UPDATE SET
            version = version + (amount_eur IS NOT excluded.amount_eur OR claimable_eur IS NOT excluded.claimable_eur
              OR evidence IS NOT excluded.evidence OR steps IS NOT excluded.steps),
            unit_id = excluded.unit_id, building_id = excluded.building_id, parcel_id = excluded.parcel_id,
            foglio = excluded.foglio, minx = excluded.minx, miny = excluded.miny, maxx = excluded.maxx, maxy =
              excluded.maxy,
            amount_eur = excluded.amount_eur, claimable_eur = excluded.claimable_eur, evidence = excluded.evidence,
            steps = excluded.steps, last_seen_run = excluded.last_seen_run
          RETURNING id, state, first_seen_run`);
        const result = { added: 0, seen_again: 0, reopened: 0 };
        for (const d of drafts) {
          const at = locate(d);
          const row = upsert.get(
            comune,
            d.rule,
            d.year,
            d.unit_id,
            d.building_id,
            d.parcel_id,
            d.subject_id,
            objectKey(d),
            d.subject_id ?? 0,
            at.foglio,
            at.minx,
            at.miny,
            at.maxx,
            at.maxy,
            d.amount_eur,
            d.claimable_eur,
            JSON.stringify(d.evidence),
            JSON.stringify(d.steps),
            runId,
            runId,
          ) as { id: number; state: FindingState; first_seen_run: number };
          if (row.first_seen_run === runId) result.added++;
          else result.seen_again++;
          if (row.state === 'non_piu_riscontrato') {
            const prev =
              (
                q('SELECT prev_state FROM audit_findings WHERE id = ?').get(row.id) as {
                  prev_state: FindingState | null;
                }
              ).prev_state ?? 'da_verificare';
            runTransition(runId, row.id, 'non_piu_riscontrato', prev, 'di nuovo riscontrata dalla verifica');
            result.reopened++;
          }
        }
        return result;
      });
    },

    async closeRun(runId, comune, years) {
      return transaction(db, () => {
        const gone =
          q(`SELECT id, state FROM audit_findings WHERE comune = ? AND year IN (SELECT value FROM json_each(?))
            AND last_seen_run < ? AND state IN (SELECT value FROM json_each(?))`).all(
            comune,
            JSON.stringify(years),
            runId,
            JSON.stringify(OPEN_STATES),
          ) as { id: number; state: FindingState }[];
        for (const f of gone)
          runTransition(runId, f.id, f.state, 'non_piu_riscontrato', 'non più riscontrata dalla verifica');
        return gone.length;
      });
    },

    async list(user, filter) {
      requireComune(user, filter.comune);
      const { limit, cursor, ...f } = filter;
      const result = page(f, limit, cursor);
      const ids = result.items.map((i) => i.id);
      await logPersonalRead(db, user, 'audit_finding', ids[0] ?? 0, listReadNote(f, ids));
      return result;
    },

    iterate(user, filter) {
      // Checked now, before the caller starts streaming; logged before the first row goes out.
      requireComune(user, filter.comune);
      return (async function* () {
        await logPersonalRead(db, user, 'audit_finding', 0, exportReadNote(filter));
        yield* everyFinding(async (size, cursor) => page(filter, size, cursor));
      })();
    },

    async get(user, id) {
      const item = loadItem(user, id);
      await logPersonalRead(db, user, 'audit_finding', id, 'segnalazione con prove e calcolo');
      return { ...item, ...stepsOf(id) };
    },

    async etag(user, id) {
      return loadItem(user, id).etag;
    },

    async patch(user, id, ifMatch, change) {
      return transaction(db, () => {
        const current = loadItem(user, id);
        checkIfMatch(ifMatch, current.etag, STALE_FINDING, {
          current_etag: current.etag,
          current_version: current.version,
        });
        const next = patchOutcome(current, change);
        if (change.assignee) checkAssignee(current.comune, change.assignee);
        if (next.unchanged) return { ...current, ...stepsOf(id) };
        const res = q(`UPDATE audit_findings SET state = ?, assignee = ?, version = version + 1,
            updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND version = ?`).run(
          next.state,
          next.assignee,
          id,
          current.version,
        );
        if (res.changes !== 1) throw findingChanged();
        keep(patchRecords(user, current, next));
        return { ...loadItem(user, id), ...stepsOf(id) };
      });
    },

    async bulkAssign(user, ids, assignee) {
      return transaction(db, () => {
        const items = ids.map((id) => loadItem(user, id));
        if (assignee) for (const c of new Set(items.map((i) => i.comune))) checkAssignee(c, assignee);
        let n = 0;
        for (const f of items) {
          if (f.assignee === assignee) continue;
          q(`UPDATE audit_findings SET assignee = ?, version = version + 1, updated_at =
            strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
            WHERE id = ?`).run(assignee, f.id);
          keep(bulkAssignRecords(user, f, assignee));
          n++;
        }
        return n;
      });
    },

    async events(user, id) {
      loadItem(user, id);
      await logPersonalRead(db, user, 'audit_finding', id, 'storico della segnalazione');
      return q(`SELECT id, at, username, from_state, to_state, from_assignee, to_assignee, note
        FROM audit_finding_events WHERE finding_id = ? ORDER BY id`).all(id) as unknown as FindingEvent[];
    },

    async summary(user, comune) {
      requireComune(user, comune);
      const last = q('SELECT * FROM audit_runs WHERE comune = ? ORDER BY id DESC LIMIT 1').get(comune) as
        | RunRow
        | undefined;
      return {
        comune,
        last_run: last ? toRun(last) : null,
        by_rule: aggregate(comune, 'rule', LIVE_STATES),
        by_year: aggregate(comune, 'year', LIVE_STATES),
        by_foglio: aggregate(comune, 'foglio', LIVE_STATES),
        by_state: aggregate(comune, 'state', FINDING_STATES),
      };
    },

    async scoringKeys(comune, years) {
      const inYears = 'IN (SELECT value FROM json_each(?))';
      const truth = q(`SELECT DISTINCT rule, year, CASE WHEN unit_id IS NOT NULL THEN 'u' || unit_id
          WHEN parcel_id IS NOT NULL THEN 'p' || parcel_id ELSE 'b' || building_id END AS object
        FROM anomaly_truth WHERE comune = ? AND (year ${inYears} OR year IS NULL)`).all(comune, JSON.stringify(years));
      const found = q(`SELECT DISTINCT rule, year, object_key AS object FROM audit_findings
        WHERE comune = ? AND year ${inYears} AND state <> 'non_piu_riscontrato'`).all(comune, JSON.stringify(years));
      return { truth: truth as unknown as ScoreKey[], found: found as unknown as ScoreKey[] };
    },
  };

  function stepsOf(id: number): Pick<Finding, 'steps'> {
    const { steps } = q('SELECT steps FROM audit_findings WHERE id = ?').get(id) as { steps: string };
    return { steps: JSON.parse(steps) as Finding['steps'] };
  }

  /** Findings are assigned to tax staff of their comune only. */
  function checkAssignee(comune: string, username: string): void {
    const ok = q(`SELECT 1 FROM users u JOIN user_comuni uc ON uc.user_id = u.id
      WHERE u.username = ? AND uc.comune = ? AND u.role IN ('tributi', 'admin')`).get(username, comune);
    if (!ok) throw invalidAssignee(comune, username);
  }
}
