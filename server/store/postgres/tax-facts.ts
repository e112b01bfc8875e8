// PostgreSQL implementation of the tax-facts repository (store/sqlite/tax-facts.ts is the reference): a
// building's units with every year of their facts, one query per table for the whole building. Each query
// selects the domain's fields by name plus `grp`, the unit the row belongs to; ISO dates sort in SQLite's byte
// order (COLLATE "C") and SQLite's NULLs-first.
import type { QueryResultRow } from 'pg';
import { notFoundError } from '../../errors/domain-error.ts';
import {
  type BuildingTaxFacts,
  type CadastralVersion,
  type HeldRight,
  type HolderResidence,
  type ImuDeclaration,
  type ImuPayment,
  isTaxpayerRight,
  type Residence,
  type Subject,
  type TariDeclaration,
  type TariPayment,
  type TaxFactsRepository,
  type UnitKey,
} from '../tax-facts.ts';
import type { PgPool } from './open.ts';
import { sqliteInteger } from './sql-helpers.ts';

const UNITS = 'SELECT id FROM units WHERE building_id = $1';

/** Rows by their `grp` column (dropped from each row), each group in query order. */
function byUnit<T>(rows: ({ grp: number } & T)[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const { grp, ...row } of rows) {
    const list = out.get(grp);
    if (list) list.push(row as T);
    else out.set(grp, [row as T]);
  }
  return out;
}

export function pgTaxFacts(pool: PgPool): TaxFactsRepository {
  const all = async <T extends QueryResultRow>(sql: string, params: unknown[]) =>
    (await pool.query<T>(sql, params)).rows;
  const grouped = <T extends QueryResultRow>(sql: string, params: unknown[]) => all<{ grp: number } & T>(sql, params);

  async function forBuilding(buildingId: number): Promise<BuildingTaxFacts> {
    const [b] = await all<{ comune: string; public_owner: string | null }>(
      'SELECT comune, public_owner FROM buildings WHERE id = $1',
      [buildingId],
    );
    if (!b) throw notFoundError(`Edificio ${buildingId} non trovato`);
    const one = [buildingId];
    const [units, history, rights, residents, holderResidences, imu, payments, tari, tariPayments] = await Promise.all([
      grouped<UnitKey>(
        `SELECT id AS grp, comune, sezione, foglio, particella, subalterno FROM units WHERE building_id = $1
          ORDER BY ${sqliteInteger('subalterno')}, id`,
        one,
      ),
      grouped<CadastralVersion>(
        `SELECT unit_id AS grp, valid_from, valid_to, categoria, classe, consistenza, rendita, superficie_catastale,
            superficie_escluse_scoperte
          FROM unit_cadastral_history WHERE unit_id IN (${UNITS}) ORDER BY valid_from COLLATE "C", id`,
        one,
      ),
      grouped<Omit<HeldRight, 'share' | 'taxpayer'>>(
        `SELECT unit_id AS grp, id, subject_id, "right", share_num, share_den, valid_from, valid_to, deed
          FROM rights WHERE unit_id IN (${UNITS}) ORDER BY valid_from COLLATE "C", id`,
        one,
      ),
      grouped<Residence>(
        `SELECT unit_id AS grp, subject_id, unit_id, since, until FROM residents WHERE unit_id IN (${UNITS})
          ORDER BY since COLLATE "C" NULLS FIRST, id`,
        one,
      ),
      // SQLite's DISTINCT keeps each row where its scan first meets it (the holder's rights by valid_from and
      // id, then their residences by id) and sorts by since alone: DISTINCT ON keeps that first meeting, to
      // order rows of the same since as SQLite does.
      grouped<HolderResidence>(
        `SELECT grp, subject_id, unit_id, since, until, building_id, categoria FROM (
            SELECT DISTINCT ON (h.unit_id, r.subject_id, r.unit_id, r.since, r.until, u.building_id, u.categoria)
              h.unit_id AS grp, r.subject_id, r.unit_id, r.since, r.until, u.building_id, u.categoria,
              h.valid_from AS met_from, h.id AS met_right, r.id AS met_residence
            FROM rights h JOIN residents r ON r.subject_id = h.subject_id JOIN units u ON u.id = r.unit_id
            WHERE h.unit_id IN (${UNITS})
            ORDER BY h.unit_id, r.subject_id, r.unit_id, r.since, r.until, u.building_id, u.categoria,
              h.valid_from COLLATE "C", h.id, r.id
          ) held
          ORDER BY grp, since COLLATE "C" NULLS FIRST, met_from COLLATE "C", met_right, met_residence`,
        one,
      ),
      grouped<ImuDeclaration>(
        `SELECT unit_id AS grp, id, year, subject_id, unit_id, parcel_id, kind, "right", share, months,
            main_home = 1 AS main_home, declared_value, due, from_date, to_date
          FROM imu_positions WHERE unit_id IN (${UNITS}) ORDER BY year, id`,
        one,
      ),
      grouped<ImuPayment>(
        `SELECT p.unit_id AS grp, m.id, m.position_id, m.subject_id, m.tax_year, m.f24_code, m.instalment,
            m.paid_on, m.amount
          FROM imu_payments m JOIN imu_positions p ON p.id = m.position_id
          WHERE p.unit_id IN (${UNITS}) ORDER BY m.tax_year, m.paid_on COLLATE "C", m.id`,
        one,
      ),
      grouped<TariDeclaration>(
        `SELECT unit_id AS grp, id, year, subject_id, unit_id, kind, surface, occupants, category, category_code,
            from_date, to_date
          FROM tari_positions WHERE unit_id IN (${UNITS}) ORDER BY year, id`,
        one,
      ),
      all<TariPayment>(
        // Two disjoint halves (linked to a position, or not): an OR of them would scan every payment here,
        // where SQLite's OR optimisation uses an index for each.
        `SELECT * FROM (
          SELECT id, position_id, subject_id, tax_year, instalment, paid_on, amount FROM tari_payments
            WHERE position_id IN (SELECT id FROM tari_positions WHERE unit_id IN (${UNITS}))
          UNION ALL
          SELECT id, position_id, subject_id, tax_year, instalment, paid_on, amount FROM tari_payments
            WHERE position_id IS NULL AND comune = $2 AND subject_id IN
              (SELECT subject_id FROM tari_positions WHERE unit_id IN (${UNITS}))
        ) p ORDER BY tax_year, paid_on COLLATE "C", id`,
        [buildingId, b.comune],
      ),
    ]);
    const rightsOf = byUnit(rights);
    const residentsOf = byUnit(residents);
    const imuOf = byUnit(imu);
    const tariOf = byUnit(tari);
    const ids = [...new Set([...rights, ...residents, ...imu, ...tari].map((x) => x.subject_id))];
    const subjects: Record<number, Subject> = {};
    if (ids.length) {
      const found = await all<Subject>(
        'SELECT id, codice_fiscale, surname, name FROM subjects WHERE id = ANY($1::integer[])',
        [ids],
      );
      for (const s of found) subjects[s.id] = s;
    }
    const historyOf = byUnit(history);
    const holdersOf = byUnit(holderResidences);
    const paymentsOf = byUnit(payments);
    return {
      building_id: buildingId,
      comune: b.comune,
      public_owner: b.public_owner,
      tari_payments: tariPayments,
      subjects,
      units: units.map(({ grp: id, ...key }) => ({
        unit_id: id,
        key,
        history: historyOf.get(id) ?? [],
        rights: (rightsOf.get(id) ?? []).map(
          (r): HeldRight => ({ ...r, share: r.share_num / r.share_den, taxpayer: isTaxpayerRight(r.right) }),
        ),
        residents: residentsOf.get(id) ?? [],
        holder_residences: holdersOf.get(id) ?? [],
        imu: imuOf.get(id) ?? [],
        imu_payments: paymentsOf.get(id) ?? [],
        tari: tariOf.get(id) ?? [],
      })),
    };
  }

  return { forBuilding };
}
