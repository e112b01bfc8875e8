// The audit's facts on a comune's units, a page of units at a time and for all the run's years at once:
// plain range scans on the unit id (no correlated subquery per holding or position), assembled in unit-page.ts.
import type { SQLInputValue, StatementSync } from 'node:sqlite';
import type { Db } from '../../db/open.ts';
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

// CROSS JOIN and `+column` keep SQLite on the subject and unit id indexes: left to itself it reads all the
// comune's units for the holders' rights and for every page's units, and with the comune and year index it
// scans the comune's whole years for every page (0.8 s and 3 s a page of a 100,000-parcel comune).

/**
 * The rows of a statement prepared by `arrays` as plain objects of one shape: node:sqlite builds each row
 * object in dictionary mode, which for the audit's millions of rows cost four times the memory and the time.
 */
function rows<T>(stmt: StatementSync, ...params: SQLInputValue[]): T[] {
  const names = stmt.columns().map((c) => c.name);
  const out: T[] = [];
  for (const values of stmt.all(...params) as unknown as unknown[][]) {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) row[names[i]!] = values[i];
    out.push(row as T);
  }
  return out;
}

function prepare(db: Db) {
  const arrays = (sql: string) => {
    const stmt = db.prepare(sql);
    stmt.setReturnArrays(true);
    return stmt;
  };
  return {
    range: db.prepare('SELECT min(id) AS lo, max(id) AS hi FROM units WHERE comune = ?'),
    units: arrays(`SELECT u.id, u.building_id, u.foglio, u.particella, u.subalterno, u.categoria, u.rendita,
          b.public_owner
        FROM units u LEFT JOIN buildings b ON b.id = u.building_id WHERE u.id BETWEEN ? AND ? AND +u.comune = ?
        ORDER BY u.id`),
    attrs: arrays(`SELECT unit_id, valid_from, valid_to, categoria, rendita, superficie_catastale,
          superficie_escluse_scoperte
        FROM unit_cadastral_history WHERE unit_id BETWEEN ? AND ?`),
    rights: arrays(`SELECT subject_id, unit_id, right, CAST(share_num AS REAL) / share_den AS share, valid_from,
          valid_to
        FROM rights WHERE unit_id BETWEEN ? AND ? AND right <> 'nuda_proprieta' AND valid_from <= ?
          AND (valid_to IS NULL OR valid_to >= ?)
        ORDER BY unit_id, subject_id, valid_from`),
    residences: arrays('SELECT subject_id, unit_id, since, until FROM residents WHERE unit_id BETWEEN ? AND ?'),
    positions: arrays(`SELECT p.subject_id, p.unit_id, p.year, p.id, p.kind, p.main_home, p.share, p.months,
          p.declared_value, p.due,
          (SELECT total(m.amount) FROM imu_payments m WHERE m.position_id = p.id) AS linked_paid
        FROM imu_positions p WHERE p.unit_id BETWEEN ? AND ? AND +p.year BETWEEN ? AND ? AND +p.comune = ?`),
    tari: arrays(`SELECT subject_id, unit_id, year, kind, surface, occupants, category_code, from_date, to_date
        FROM tari_positions WHERE unit_id BETWEEN ? AND ? AND +year BETWEEN ? AND ? AND +comune = ?`),
    holderRights: arrays(`SELECT r.subject_id, r.unit_id, r.valid_from, r.valid_to, u.categoria, u.building_id
        FROM rights r CROSS JOIN units u ON u.id = r.unit_id
        WHERE r.subject_id IN (SELECT value FROM json_each(?)) AND r.right <> 'nuda_proprieta' AND u.comune = ?`),
    holderResidences: arrays(`SELECT subject_id, unit_id, since, until FROM residents
        WHERE subject_id IN (SELECT value FROM json_each(?))`),
    taxpayers: arrays(`SELECT id AS subject_id, codice_fiscale, trim(surname || ' ' || name) AS name FROM subjects
        WHERE id IN (SELECT value FROM json_each(?))`),
    unlinked: db.prepare(`SELECT m.subject_id, m.tax_year AS year, total(m.amount) AS amount,
          (SELECT total(q.due) FROM imu_positions q WHERE q.subject_id = m.subject_id AND q.year = m.tax_year
            AND q.comune = m.comune) AS due
        FROM imu_payments m WHERE m.comune = ? AND m.tax_year BETWEEN ? AND ? AND m.position_id IS NULL
        GROUP BY m.subject_id, m.tax_year`),
  };
}

export function sqliteUnitPages(db: Db) {
  let statements: ReturnType<typeof prepare> | undefined;

  return async function* unitPages(comune: string, years: number[]): AsyncIterable<UnitYearFacts[]> {
    if (years.length === 0) return;
    const s = (statements ??= prepare(db));
    const first = Math.min(...years);
    const last = Math.max(...years);
    const range = s.range.get(comune) as { lo: number | null; hi: number | null };
    if (range.lo === null || range.hi === null) return;
    // Payments linked to no position are rare (imported F24 lines without a match): read them once per run.
    const unlinked = new Map<string, UnlinkedPayments>();
    for (const r of s.unlinked.all(comune, first, last) as {
      subject_id: number;
      year: number;
      amount: number;
      due: number;
    }[])
      unlinked.set(`${r.subject_id}|${r.year}`, { amount: r.amount, due: r.due });
    for (let lo = range.lo; lo <= range.hi; lo += UNIT_PAGE) {
      const hi = lo + UNIT_PAGE - 1;
      const units = rows<UnitRow>(s.units, lo, hi, comune);
      if (units.length === 0) continue;
      const attrs = rows<AttrRow>(s.attrs, lo, hi);
      const rights = rows<RightRow>(s.rights, lo, hi, `${last}-12-31`, `${first}-01-01`);
      const holders = JSON.stringify(pertinenzaHolders(units, attrs, rights));
      const residences = rows<ResidenceRow>(s.residences, lo, hi);
      const tari = rows<TariRow>(s.tari, lo, hi, first, last, comune);
      const subjects = new Set([...rights, ...residences, ...tari].map((r) => r.subject_id));
      const facts: PageFacts = {
        units,
        attrs,
        rights,
        residences,
        positions: rows<PositionRow>(s.positions, lo, hi, first, last, comune),
        tari,
        holderRights: rows<HolderRightRow>(s.holderRights, holders, comune),
        holderResidences: rows<ResidenceRow>(s.holderResidences, holders),
        taxpayers: new Map(
          rows<Taxpayer>(s.taxpayers, JSON.stringify([...subjects])).map(({ subject_id, ...t }) => [subject_id, t]),
        ),
        unlinked,
      };
      const index = indexPage(facts);
      yield years.map((year) => yearFacts(index, year));
    }
  };
}
