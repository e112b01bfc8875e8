// PostgreSQL implementation of the audit store: runs, findings (kept across runs), workflow and aggregates.
// store/sqlite/audit.ts is the reference: the same rows, order, errors, events and history; the pure helpers
// (cursor, ETag, row mapping, access checks) are both engines' own (store/shared/). A run's batch of findings is
// upserted with one statement instead of one per finding: a round trip costs here what a row costs in SQLite.
import type { PoolClient } from 'pg';
import { FINDING_STATES, type FindingState, LIVE_STATES, OPEN_STATES } from '../../domain/audit/workflow.ts';
import type { User } from '../../domain/users/user.ts';
import { checkIfMatch } from '../../http/preconditions.ts';
import { inScope } from '../../policy/policy.ts';
import type {
  Aggregate,
  AuditStore,
  Finding,
  FindingDraft,
  FindingEvent,
  FindingItem,
  SaveResult,
  ScoreKey,
} from '../audit.ts';
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
import { everyFinding, exportReadNote, type FindingPage, listReadNote, pageOf } from '../shared/finding-pages.ts';
import { ITEM_COLUMNS, type ItemRow, objectKey, type RunRow, toItem, toRun } from '../shared/finding-rows.ts';
import { json } from '../shared/json-column.ts';
import { pgAuditCandidates } from './audit-candidates.ts';
import type { PgPool } from './open.ts';
import { pgReadLog } from './read-log.ts';
import { recordChange } from './record-change.ts';
import { bboxColumns, type Queryable, roundedTotal } from './sql-helpers.ts';
import { updateTask } from './task-update.ts';
import { pgTransaction } from './transaction.ts';

/** Where a finding's object is: foglio and map box, read for a whole batch of drafts at once. */
interface Place {
  foglio: string | null;
  minx: number | null;
  miny: number | null;
  maxx: number | null;
  maxy: number | null;
}

/** The finding's identity within its comune (the table's unique key), to match returned rows to drafts. */
const keyOf = (rule: number, objectKey: string, subjectKey: number, year: number) =>
  `${rule}|${objectKey}|${subjectKey}|${year}`;

export function pgAuditStore(pool: PgPool): AuditStore {
  const readLog = pgReadLog(pool);
  const rows = async <T>(q: Queryable, sql: string, params: unknown[] = []) => (await q.query(sql, params)).rows as T[];
  const one = async <T>(q: Queryable, sql: string, params: unknown[] = []) => (await rows<T>(q, sql, params))[0];

  /** Writes a finding's event and its history entry. */
  async function keep(c: PoolClient, r: FindingRecords) {
    await c.query(
      `INSERT INTO audit_finding_events (finding_id, user_id, username, from_state, to_state, from_assignee,
        to_assignee, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      eventValues(r),
    );
    await recordChange(c, r.change);
  }

  /** Moves a finding to `to` on behalf of a run (not reproduced, or reproduced again). */
  async function runTransition(
    c: PoolClient,
    runId: number,
    id: number,
    from: FindingState,
    to: FindingState,
    note: string,
  ) {
    await c.query(
      `UPDATE audit_findings SET state = $1, prev_state = $2, version = version + 1, updated_at = edigit_now()
        WHERE id = $3`,
      [to, to === 'non_piu_riscontrato' ? from : null, id],
    );
    await keep(c, runTransitionRecords(runId, id, from, to, note));
  }

  async function loadItem(q: Queryable, user: User, id: number, lock = false): Promise<FindingItem> {
    requireAuditor(user);
    const r = await one<ItemRow>(
      q,
      `SELECT ${ITEM_COLUMNS} FROM audit_findings WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    if (!r || !inScope(user, r.comune)) throw findingNotFound(id);
    return toItem(r);
  }

  async function stepsOf(q: Queryable, id: number): Promise<Pick<Finding, 'steps'>> {
    const r = await one<{ steps: string }>(q, 'SELECT steps FROM audit_findings WHERE id = $1', [id]);
    return { steps: JSON.parse(r!.steps) as Finding['steps'] };
  }

  /** Findings are assigned to tax staff of their comune only. */
  async function checkAssignee(q: Queryable, comune: string, username: string) {
    const ok = await one(
      q,
      `SELECT 1 FROM users u JOIN user_comuni uc ON uc.user_id = u.id
        WHERE u.username = $1 AND uc.comune = $2 AND u.role IN ('tributi', 'admin')`,
      [username, comune],
    );
    if (!ok) throw invalidAssignee(comune, username);
  }

  /**
   * foglio and box of each draft's object, as sqlite/audit.ts's locate: the unit's foglio, else the parcel's, else
   * that of the building's first parcel; the building's box, else the parcel's.
   */
  async function locate(c: PoolClient, drafts: FindingDraft[]): Promise<Place[]> {
    const ids = (pick: (d: FindingDraft) => number | null) => [...new Set(drafts.map(pick).filter((v) => v !== null))];
    const unitIds = ids((d) => d.unit_id);
    const parcelIds = ids((d) => (d.unit_id === null || d.building_id === null ? d.parcel_id : null));
    const buildingIds = ids((d) => d.building_id);
    // One connection runs one query at a time: these go one after the other.
    const units = await rows<{ id: number; foglio: string }>(
      c,
      'SELECT id, foglio FROM units WHERE id = ANY($1::int[])',
      [unitIds],
    );
    const parcels = await rows<Place & { id: number }>(
      c,
      `SELECT id, foglio, ${bboxColumns('geom')} FROM parcels WHERE id = ANY($1::int[])`,
      [parcelIds],
    );
    const buildings = await rows<Place & { id: number }>(
      c,
      `SELECT id, ${bboxColumns('geom')} FROM buildings WHERE id = ANY($1::int[])`,
      [buildingIds],
    );
    const firstParcels = await rows<{ building_id: number; foglio: string }>(
      c,
      `SELECT DISTINCT ON (bp.building_id) bp.building_id, p.foglio FROM building_parcels bp
        JOIN parcels p ON p.id = bp.parcel_id WHERE bp.building_id = ANY($1::int[]) ORDER BY bp.building_id, p.id`,
      [buildingIds],
    );
    const unitFoglio = new Map(units.map((u) => [u.id, u.foglio]));
    const parcelAt = new Map(parcels.map((p) => [p.id, p]));
    const buildingBox = new Map(buildings.map((b) => [b.id, b]));
    const buildingFoglio = new Map(firstParcels.map((b) => [b.building_id, b.foglio]));
    return drafts.map((d) => {
      const foglio =
        d.unit_id !== null
          ? unitFoglio.get(d.unit_id)
          : d.parcel_id !== null
            ? parcelAt.get(d.parcel_id)?.foglio
            : buildingFoglio.get(d.building_id!);
      const box =
        d.building_id !== null
          ? buildingBox.get(d.building_id)
          : d.parcel_id !== null
            ? parcelAt.get(d.parcel_id)
            : undefined;
      return {
        foglio: foglio ?? null,
        minx: box?.minx ?? null,
        miny: box?.miny ?? null,
        maxx: box?.maxx ?? null,
        maxy: box?.maxy ?? null,
      };
    });
  }

  /**
   * Upserts drafts whose keys are all different (one statement may not touch a row twice); returns, per key,
   * what the row was after its upsert.
   */
  async function upsert(c: PoolClient, runId: number, comune: string, drafts: FindingDraft[]) {
    const at = await locate(c, drafts);
    const column = <T>(f: (d: FindingDraft, i: number) => T) => drafts.map(f);
    const returned = await rows<{
      id: number;
      state: FindingState;
      prev_state: FindingState | null;
      first_seen_run: number;
      rule: number;
      object_key: string;
      subject_key: number;
      year: number;
    }>(
      c,
      `INSERT INTO audit_findings AS f (comune, rule, year, unit_id, building_id, parcel_id, subject_id, object_key,
          subject_key, foglio, minx, miny, maxx, maxy, amount_eur, claimable_eur, evidence, steps, first_seen_run,
          last_seen_run)
        SELECT $1::text, rule, year, unit_id, building_id, parcel_id, subject_id, object_key, subject_key, foglio,
          minx, miny, maxx, maxy, amount_eur, claimable_eur, evidence, steps, $19::int, $19::int
        FROM unnest($2::int[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::text[], $9::int[],
          $10::text[], $11::float8[], $12::float8[], $13::float8[], $14::float8[], $15::float8[], $16::float8[],
          $17::text[], $18::text[]) WITH ORDINALITY AS d(rule, year, unit_id, building_id, parcel_id, subject_id,
          object_key, subject_key, foglio, minx, miny, maxx, maxy, amount_eur, claimable_eur, evidence, steps, n)
        ORDER BY n
      ON CONFLICT (comune, rule, object_key, subject_key, year) DO UPDATE SET
        version = f.version + (f.amount_eur IS DISTINCT FROM excluded.amount_eur
          OR f.claimable_eur IS DISTINCT FROM excluded.claimable_eur OR f.evidence IS DISTINCT FROM excluded.evidence
          OR f.steps IS DISTINCT FROM excluded.steps)::int,
        unit_id = excluded.unit_id, building_id = excluded.building_id, parcel_id = excluded.parcel_id,
        foglio = excluded.foglio, minx = excluded.minx, miny = excluded.miny, maxx = excluded.maxx,
        maxy = excluded.maxy, amount_eur = excluded.amount_eur, claimable_eur = excluded.claimable_eur,
        evidence = excluded.evidence, steps = excluded.steps, last_seen_run = excluded.last_seen_run
      RETURNING id, state, prev_state, first_seen_run, rule, object_key, subject_key, year`,
      [
        comune,
        column((d) => d.rule),
        column((d) => d.year),
        column((d) => d.unit_id),
        column((d) => d.building_id),
        column((d) => d.parcel_id),
        column((d) => d.subject_id),
        column(objectKey),
        column((d) => d.subject_id ?? 0),
        column((_, i) => at[i]!.foglio),
        column((_, i) => at[i]!.minx),
        column((_, i) => at[i]!.miny),
        column((_, i) => at[i]!.maxx),
        column((_, i) => at[i]!.maxy),
        column((d) => d.amount_eur),
        column((d) => d.claimable_eur),
        column((d) => JSON.stringify(d.evidence)),
        column((d) => JSON.stringify(d.steps)),
        runId,
      ],
    );
    return new Map(returned.map((r) => [keyOf(r.rule, r.object_key, r.subject_key, r.year), r]));
  }

  async function page(f: ListFilter, limit: number, cursor: string | undefined): Promise<FindingPage> {
    const { where, params } = filterSql(f, (n) => `$${n}`);
    let keyset = '';
    if (cursor) {
      const [claimable, id] = decodeCursor(cursor);
      params.push(claimable, id);
      keyset = ` AND (claimable_eur < $${params.length - 1} OR (claimable_eur = $${params.length - 1}
        AND id > $${params.length}))`;
    }
    params.push(limit + 1);
    const found = await rows<ItemRow>(
      pool,
      `SELECT ${ITEM_COLUMNS} FROM audit_findings WHERE ${where}${keyset}
        ORDER BY claimable_eur DESC, id LIMIT $${params.length}`,
      params,
    );
    return pageOf(found, limit);
  }

  /** Ordered as SQLite orders the key: text by its bytes, NULL first. */
  async function aggregate(comune: string, key: string, states: readonly string[], text: boolean) {
    return rows<Aggregate>(
      pool,
      `SELECT ${key} AS key, count(*)::int AS findings, ${roundedTotal('claimable_eur')} AS claimable_eur
        FROM audit_findings WHERE comune = $1 AND state = ANY($2::text[])
        GROUP BY ${key} ORDER BY ${key}${text ? ' COLLATE "C"' : ''} NULLS FIRST`,
      [comune, states],
    );
  }

  return {
    candidates: pgAuditCandidates(pool),

    async createRun(user, comune, years, asOf) {
      return pgTransaction(pool, async (c) => {
        if (!(await one(c, 'SELECT 1 FROM comuni WHERE code = $1', [comune]))) {
          throw comuneNotInDatabase(comune);
        }
        // SQLite's write lock makes the check and the insert one step; here two app servers could both pass it.
        await c.query("SELECT pg_advisory_xact_lock(hashtext('audit_run:' || $1))", [comune]);
        const running = await one<{ id: number }>(
          c,
          "SELECT id FROM audit_runs WHERE comune = $1 AND status = 'running'",
          [comune],
        );
        if (running) {
          throw runInProgress(comune, running.id);
        }
        const r = await one<RunRow>(
          c,
          `INSERT INTO audit_runs (comune, years, as_of, status, user_id, username)
            VALUES ($1, $2, $3, 'running', $4, $5) RETURNING *`,
          [comune, JSON.stringify(years), asOf, user?.id ?? null, user?.username ?? 'riga di comando'],
        );
        return toRun(r!);
      });
    },

    async failInterruptedRuns() {
      const res = await pool.query(
        `UPDATE audit_runs SET status = 'failed', error = 'interrotta dal riavvio del server: ripeterla',
          finished_at = edigit_now() WHERE status IN ('queued', 'running')`,
      );
      return res.rowCount ?? 0;
    },

    async updateRun(id, u) {
      await updateTask(pool, 'audit_runs', id, { ...u, summary: json(u.summary) });
    },

    async getRun(user, id) {
      requireAuditor(user);
      const r = await one<RunRow>(pool, 'SELECT * FROM audit_runs WHERE id = $1', [id]);
      if (!r || !inScope(user, r.comune)) throw runNotFound(id);
      return toRun(r);
    },

    async saveFindings(runId, comune, drafts) {
      return pgTransaction(pool, async (c) => {
        const result: SaveResult = { added: 0, seen_again: 0, reopened: 0 };
        // Chunks of distinct keys, in order: a key found twice in a batch is upserted twice, as SQLite does.
        let start = 0;
        while (start < drafts.length) {
          const keys = new Set<string>();
          let end = start;
          for (; end < drafts.length; end++) {
            const d = drafts[end]!;
            const key = keyOf(d.rule, objectKey(d), d.subject_id ?? 0, d.year);
            if (keys.has(key)) break;
            keys.add(key);
          }
          const chunk = drafts.slice(start, end);
          const saved = await upsert(c, runId, comune, chunk);
          for (const d of chunk) {
            const row = saved.get(keyOf(d.rule, objectKey(d), d.subject_id ?? 0, d.year))!;
            if (row.first_seen_run === runId) result.added++;
            else result.seen_again++;
            if (row.state === 'non_piu_riscontrato') {
              const prev = row.prev_state ?? 'da_verificare';
              await runTransition(c, runId, row.id, 'non_piu_riscontrato', prev, 'di nuovo riscontrata dalla verifica');
              result.reopened++;
            }
          }
          start = end;
        }
        return result;
      });
    },

    async closeRun(runId, comune, years) {
      return pgTransaction(pool, async (c) => {
        const gone = await rows<{ id: number; state: FindingState }>(
          c,
          `SELECT id, state FROM audit_findings WHERE comune = $1 AND year = ANY($2::int[]) AND last_seen_run < $3
            AND state = ANY($4::text[]) ORDER BY id FOR UPDATE`,
          [comune, years, runId, OPEN_STATES],
        );
        for (const f of gone)
          await runTransition(c, runId, f.id, f.state, 'non_piu_riscontrato', 'non più riscontrata dalla verifica');
        return gone.length;
      });
    },

    async list(user, filter) {
      requireComune(user, filter.comune);
      const { limit, cursor, ...f } = filter;
      const result = await page(f, limit, cursor);
      const ids = result.items.map((i) => i.id);
      await readLog.record(user, 'audit_finding', ids[0] ?? 0, listReadNote(f, ids));
      return result;
    },

    iterate(user, filter) {
      // Checked now, before the caller starts streaming; logged before the first row goes out.
      requireComune(user, filter.comune);
      return (async function* () {
        await readLog.record(user, 'audit_finding', 0, exportReadNote(filter));
        yield* everyFinding((size, cursor) => page(filter, size, cursor));
      })();
    },

    async get(user, id) {
      const item = await loadItem(pool, user, id);
      await readLog.record(user, 'audit_finding', id, 'segnalazione con prove e calcolo');
      return { ...item, ...(await stepsOf(pool, id)) };
    },

    async etag(user, id) {
      return (await loadItem(pool, user, id)).etag;
    },

    async patch(user, id, ifMatch, change) {
      return pgTransaction(pool, async (c) => {
        const current = await loadItem(c, user, id, true);
        checkIfMatch(ifMatch, current.etag, STALE_FINDING, {
          current_etag: current.etag,
          current_version: current.version,
        });
        const next = patchOutcome(current, change);
        if (change.assignee) await checkAssignee(c, current.comune, change.assignee);
        if (next.unchanged) return { ...current, ...(await stepsOf(c, id)) };
        const res = await c.query(
          `UPDATE audit_findings SET state = $1, assignee = $2, version = version + 1, updated_at = edigit_now()
            WHERE id = $3 AND version = $4`,
          [next.state, next.assignee, id, current.version],
        );
        if (res.rowCount !== 1) throw findingChanged();
        await keep(c, patchRecords(user, current, next));
        return { ...(await loadItem(c, user, id)), ...(await stepsOf(c, id)) };
      });
    },

    async bulkAssign(user, ids, assignee) {
      return pgTransaction(pool, async (c) => {
        // Locked in id order, as closeRun locks them: two overlapping assignments wait, never deadlock.
        await c.query('SELECT 1 FROM audit_findings WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE', [ids]);
        const items: FindingItem[] = [];
        for (const id of ids) items.push(await loadItem(c, user, id, true));
        if (assignee)
          for (const comune of new Set(items.map((i) => i.comune))) await checkAssignee(c, comune, assignee);
        let n = 0;
        for (const f of items) {
          if (f.assignee === assignee) continue;
          await c.query(
            'UPDATE audit_findings SET assignee = $1, version = version + 1, updated_at = edigit_now() WHERE id = $2',
            [assignee, f.id],
          );
          await keep(c, bulkAssignRecords(user, f, assignee));
          n++;
        }
        return n;
      });
    },

    async events(user, id) {
      await loadItem(pool, user, id);
      await readLog.record(user, 'audit_finding', id, 'storico della segnalazione');
      return rows<FindingEvent>(
        pool,
        `SELECT id, at, username, from_state, to_state, from_assignee, to_assignee, note
          FROM audit_finding_events WHERE finding_id = $1 ORDER BY id`,
        [id],
      );
    },

    async summary(user, comune) {
      requireComune(user, comune);
      const last = await one<RunRow>(pool, 'SELECT * FROM audit_runs WHERE comune = $1 ORDER BY id DESC LIMIT 1', [
        comune,
      ]);
      const [by_rule, by_year, by_foglio, by_state] = await Promise.all([
        aggregate(comune, 'rule', LIVE_STATES, false),
        aggregate(comune, 'year', LIVE_STATES, false),
        aggregate(comune, 'foglio', LIVE_STATES, true),
        aggregate(comune, 'state', FINDING_STATES, true),
      ]);
      return { comune, last_run: last ? toRun(last) : null, by_rule, by_year, by_foglio, by_state };
    },

    async scoringKeys(comune, years) {
      const [truth, found] = await Promise.all([
        rows<ScoreKey>(
          pool,
          `SELECT DISTINCT rule, year, CASE WHEN unit_id IS NOT NULL THEN 'u' || unit_id
              WHEN parcel_id IS NOT NULL THEN 'p' || parcel_id ELSE 'b' || building_id END AS object
            FROM anomaly_truth WHERE comune = $1 AND (year = ANY($2::int[]) OR year IS NULL)`,
          [comune, years],
        ),
        rows<ScoreKey>(
          pool,
          `SELECT DISTINCT rule, year, object_key AS object FROM audit_findings
            WHERE comune = $1 AND year = ANY($2::int[]) AND state <> 'non_piu_riscontrato'`,
          [comune, years],
        ),
      ]);
      return { truth, found };
    },
  };
}
