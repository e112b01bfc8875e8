// The audit's facts on a comune's units, a page of units at a time and for all the run's years at once: the
// same plain range scans as the SQLite engine (sqlite/unit-page.ts), assembled by the shared unit-page.ts.
// Every query names its order: the assembly keeps the first of equal rows, as SQLite's index order gives them.
import type { Taxpayer, UnitYearFacts } from '../audit-candidates.ts';
import {
  type AttrRow,
  type HolderRightRow,
  indexPage,
  type PageFacts,
  type PositionRow,
  pertinenzaHolders,
  type ResidenceRow,
  type RightRow,
  type TariRow,
  UNIT_PAGE,
  type UnitRow,
  type UnlinkedPayments,
  yearFacts,
} from '../unit-page.ts';
import type { PgPool } from './open.ts';
import { total } from './sql-helpers.ts';

const SQL = {
  range: 'SELECT min(id) AS lo, max(id) AS hi FROM units WHERE comune = $1',
  units: `SELECT u.id, u.building_id, u.foglio, u.particella, u.subalterno, u.categoria, u.rendita, b.public_owner
    FROM units u LEFT JOIN buildings b ON b.id = u.building_id WHERE u.id BETWEEN $1 AND $2 AND u.comune = $3
    ORDER BY u.id`,
  attrs: `SELECT unit_id, valid_from, valid_to, categoria, rendita, superficie_catastale, superficie_escluse_scoperte
    FROM unit_cadastral_history WHERE unit_id BETWEEN $1 AND $2 ORDER BY unit_id, valid_from, id`,
  rights: `SELECT subject_id, unit_id, "right", share_num::float8 / share_den AS share, valid_from, valid_to
    FROM rights WHERE unit_id BETWEEN $1 AND $2 AND "right" <> 'nuda_proprieta' AND valid_from <= $3
      AND (valid_to IS NULL OR valid_to >= $4)
    ORDER BY unit_id, subject_id, valid_from, id`,
  residences: `SELECT subject_id, unit_id, since, until FROM residents WHERE unit_id BETWEEN $1 AND $2
    ORDER BY unit_id, id`,
  positions: `SELECT p.subject_id, p.unit_id, p.year, p.id, p.kind, p.main_home, p.share, p.months, p.declared_value,
      p.due, (SELECT ${total('m.amount')} FROM imu_payments m WHERE m.position_id = p.id) AS linked_paid
    FROM imu_positions p WHERE p.unit_id BETWEEN $1 AND $2 AND p.year BETWEEN $3 AND $4 AND p.comune = $5
    ORDER BY p.unit_id, p.year, p.id`,
  tari: `SELECT subject_id, unit_id, year, kind, surface, occupants, category_code, from_date, to_date
    FROM tari_positions WHERE unit_id BETWEEN $1 AND $2 AND year BETWEEN $3 AND $4 AND comune = $5
    ORDER BY unit_id, year, id`,
  holderRights: `SELECT r.subject_id, r.unit_id, r.valid_from, r.valid_to, u.categoria, u.building_id
    FROM rights r JOIN units u ON u.id = r.unit_id
    WHERE r.subject_id = ANY($1::int[]) AND r."right" <> 'nuda_proprieta' AND u.comune = $2
    ORDER BY r.id`,
  holderResidences: `SELECT subject_id, unit_id, since, until FROM residents WHERE subject_id = ANY($1::int[])
    ORDER BY id`,
  taxpayers: `SELECT id AS subject_id, codice_fiscale, trim(surname || ' ' || name) AS name FROM subjects
    WHERE id = ANY($1::int[])`,
  unlinked: `SELECT m.subject_id, m.tax_year AS year, ${total('m.amount')} AS amount,
      (SELECT ${total('q.due')} FROM imu_positions q WHERE q.subject_id = m.subject_id AND q.year = m.tax_year
        AND q.comune = m.comune) AS due
    FROM imu_payments m WHERE m.comune = $1 AND m.tax_year BETWEEN $2 AND $3 AND m.position_id IS NULL
    GROUP BY m.subject_id, m.tax_year, m.comune`,
};

export function pgUnitPages(pool: PgPool) {
  const all = async <T>(sql: string, params: unknown[]) => (await pool.query(sql, params)).rows as T[];

  return async function* unitPages(comune: string, years: number[]): AsyncIterable<UnitYearFacts[]> {
    if (years.length === 0) return;
    const first = Math.min(...years);
    const last = Math.max(...years);
    const [range] = await all<{ lo: number | null; hi: number | null }>(SQL.range, [comune]);
    if (!range || range.lo === null || range.hi === null) return;
    // Payments linked to no position are rare (imported F24 lines without a match): read them once per run.
    const unlinked = new Map<string, UnlinkedPayments>();
    for (const r of await all<{ subject_id: number; year: number; amount: number; due: number }>(SQL.unlinked, [
      comune,
      first,
      last,
    ]))
      unlinked.set(`${r.subject_id}|${r.year}`, { amount: r.amount, due: r.due });
    for (let lo = range.lo; lo <= range.hi; lo += UNIT_PAGE) {
      const hi = lo + UNIT_PAGE - 1;
      const units = await all<UnitRow>(SQL.units, [lo, hi, comune]);
      if (units.length === 0) continue;
      const [attrs, rights, residences, positions, tari] = await Promise.all([
        all<AttrRow>(SQL.attrs, [lo, hi]),
        all<RightRow>(SQL.rights, [lo, hi, `${last}-12-31`, `${first}-01-01`]),
        all<ResidenceRow>(SQL.residences, [lo, hi]),
        all<PositionRow>(SQL.positions, [lo, hi, first, last, comune]),
        all<TariRow>(SQL.tari, [lo, hi, first, last, comune]),
      ]);
      const holders = pertinenzaHolders(units, attrs, rights);
      const subjects = [...new Set([...rights, ...residences, ...tari].map((r) => r.subject_id))];
      const [holderRights, holderResidences, taxpayers] = await Promise.all([
        all<HolderRightRow>(SQL.holderRights, [holders, comune]),
        all<ResidenceRow>(SQL.holderResidences, [holders]),
        all<Taxpayer>(SQL.taxpayers, [subjects]),
      ]);
      const facts: PageFacts = {
        units,
        attrs,
        rights,
        residences,
        positions,
        tari,
        holderRights,
        holderResidences,
        taxpayers: new Map(taxpayers.map(({ subject_id, ...t }) => [subject_id, t])),
        unlinked,
      };
      const index = indexPage(facts);
      yield years.map((year) => yearFacts(index, year));
    }
  };
}
