// SQLite implementation of the tax-facts repository: a building's units with every year of their facts, one
// query per table for the whole building (the dossier's tax section). The audit reads its own pages of
// candidates (audit-candidates.ts).

import type { DatabaseSync } from 'node:sqlite';
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
  type RightKind,
  type Subject,
  type TariDeclaration,
  type TariPayment,
  type TaxFactsRepository,
} from '../tax-facts.ts';

type Row = Record<string, unknown>;

const heldRight = (r: Row): HeldRight => ({
  id: r.id as number,
  subject_id: r.subject_id as number,
  right: r.right as RightKind,
  share_num: r.share_num as number,
  share_den: r.share_den as number,
  share: (r.share_num as number) / (r.share_den as number),
  valid_from: r.valid_from as string,
  valid_to: r.valid_to as string | null,
  deed: r.deed as string | null,
  taxpayer: isTaxpayerRight(r.right as RightKind),
});
const version = (r: Row): CadastralVersion => ({
  valid_from: r.valid_from as string,
  valid_to: r.valid_to as string | null,
  categoria: r.categoria as string,
  classe: r.classe as string | null,
  consistenza: r.consistenza as number | null,
  rendita: r.rendita as number | null,
  superficie_catastale: r.superficie_catastale as number | null,
  superficie_escluse_scoperte: r.superficie_escluse_scoperte as number | null,
});
const residence = (r: Row): Residence => ({
  subject_id: r.subject_id as number,
  unit_id: r.unit_id as number,
  since: r.since as string | null,
  until: r.until as string | null,
});
const holderResidence = (r: Row): HolderResidence => ({
  ...residence(r),
  building_id: r.building_id as number | null,
  categoria: r.categoria as string,
});
const imuDeclaration = (r: Row): ImuDeclaration => ({
  id: r.id as number,
  year: r.year as number,
  subject_id: r.subject_id as number,
  unit_id: r.unit_id as number | null,
  parcel_id: r.parcel_id as number | null,
  kind: r.kind as ImuDeclaration['kind'],
  right: r.right as RightKind,
  share: r.share as number,
  months: r.months as number,
  main_home: r.main_home === 1,
  declared_value: r.declared_value as number | null,
  due: r.due as number,
  from_date: r.from_date as string | null,
  to_date: r.to_date as string | null,
});
const imuPayment = (r: Row): ImuPayment => ({
  id: r.id as number,
  position_id: r.position_id as number | null,
  subject_id: r.subject_id as number,
  tax_year: r.tax_year as number,
  f24_code: r.f24_code as string,
  instalment: r.instalment as ImuPayment['instalment'],
  paid_on: r.paid_on as string,
  amount: r.amount as number,
});
const tariDeclaration = (r: Row): TariDeclaration => ({
  id: r.id as number,
  year: r.year as number,
  subject_id: r.subject_id as number,
  unit_id: r.unit_id as number,
  kind: r.kind as TariDeclaration['kind'],
  surface: r.surface as number,
  occupants: r.occupants as number | null,
  category: r.category as string | null,
  category_code: r.category_code as number | null,
  from_date: r.from_date as string | null,
  to_date: r.to_date as string | null,
});
const tariPayment = (r: Row): TariPayment => ({
  id: r.id as number,
  position_id: r.position_id as number | null,
  subject_id: r.subject_id as number,
  tax_year: r.tax_year as number,
  instalment: r.instalment as TariPayment['instalment'],
  paid_on: r.paid_on as string,
  amount: r.amount as number,
});

/** Rows grouped by a key column, each group in query order. */
function groupBy<T>(rows: Row[], key: string, map: (r: Row) => T): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const k = r[key] as number;
    const list = out.get(k);
    if (list) list.push(map(r));
    else out.set(k, [map(r)]);
  }
  return out;
}

// Fragments shared by the per-year and per-building reads. `?1` comune, `?2` first id, `?3` last id of a page.
export function sqliteTaxFacts(db: DatabaseSync): TaxFactsRepository {
  return { forBuilding: async (buildingId) => buildingTaxFacts(db, buildingId) };
}

/** Every year's facts on a building's units (the dossier's tax section). */
function buildingTaxFacts(db: DatabaseSync, buildingId: number): BuildingTaxFacts {
  const all = (sql: string) => db.prepare(sql).all(buildingId) as Row[];
  const b = db.prepare('SELECT id, comune, public_owner FROM buildings WHERE id = ?').get(buildingId) as
    | Row
    | undefined;
  if (!b) throw notFoundError(`Edificio ${buildingId} non trovato`);
  const UNITS = 'SELECT id FROM units WHERE building_id = ?';
  const UNITS_1 = 'SELECT id FROM units WHERE building_id = ?1';
  const units = all(
    `SELECT id, comune, sezione, foglio, particella, subalterno FROM units WHERE building_id = ?
    ORDER BY CAST(subalterno AS INTEGER), id`,
  );
  const history = groupBy(
    all(`SELECT * FROM unit_cadastral_history WHERE unit_id IN (${UNITS}) ORDER BY valid_from`),
    'unit_id',
    version,
  );
  const rights = groupBy(
    all(`SELECT * FROM rights WHERE unit_id IN (${UNITS}) ORDER BY valid_from, id`),
    'unit_id',
    heldRight,
  );
  const residents = groupBy(
    all(`SELECT * FROM residents WHERE unit_id IN (${UNITS}) ORDER BY since, id`),
    'unit_id',
    residence,
  );
  const holderResidences = groupBy(
    all(`SELECT DISTINCT h.unit_id held, r.subject_id, r.unit_id, r.since, r.until, u.building_id, u.categoria
    FROM rights h JOIN residents r ON r.subject_id = h.subject_id JOIN units u ON u.id = r.unit_id
    WHERE h.unit_id IN (${UNITS}) ORDER BY held, r.since`),
    'held',
    holderResidence,
  );
  const imu = groupBy(
    all(`SELECT * FROM imu_positions WHERE unit_id IN (${UNITS}) ORDER BY year, id`),
    'unit_id',
    imuDeclaration,
  );
  const payments = groupBy(
    all(`SELECT m.*, p.unit_id FROM imu_payments m JOIN imu_positions p ON p.id = m.position_id
    WHERE p.unit_id IN (${UNITS}) ORDER BY m.tax_year, m.paid_on, m.id`),
    'unit_id',
    imuPayment,
  );
  const tari = groupBy(
    all(`SELECT * FROM tari_positions WHERE unit_id IN (${UNITS}) ORDER BY year, id`),
    'unit_id',
    tariDeclaration,
  );
  const tariPayments = (
    db
      .prepare(
        `SELECT * FROM tari_payments WHERE position_id IN (SELECT id FROM tari_positions WHERE unit_id IN (${UNITS_1}))
        OR (position_id IS NULL AND comune = ?2 AND subject_id IN
          (SELECT subject_id FROM tari_positions WHERE unit_id IN (${UNITS_1})))
        ORDER BY tax_year, paid_on, id`,
      )
      .all(buildingId, b.comune as string) as Row[]
  ).map(tariPayment);
  const ids = new Set<number>();
  for (const m of [rights, residents, imu, tari] as Map<number, { subject_id: number }[]>[])
    for (const l of m.values()) for (const x of l) ids.add(x.subject_id);
  const list = [...ids];
  const subjects: Record<number, Subject> = {};
  if (list.length) {
    for (const s of db
      .prepare('SELECT id, codice_fiscale, surname, name FROM subjects WHERE id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(list)) as unknown as Subject[]) {
      subjects[s.id] = s;
    }
  }
  return {
    building_id: buildingId,
    comune: b.comune as string,
    public_owner: b.public_owner as string | null,
    tari_payments: tariPayments,
    subjects,
    units: units.map((u) => {
      const id = u.id as number;
      return {
        unit_id: id,
        key: {
          comune: u.comune as string,
          sezione: u.sezione as string,
          foglio: u.foglio as string,
          particella: u.particella as string,
          subalterno: u.subalterno as string,
        },
        history: history.get(id) ?? [],
        rights: rights.get(id) ?? [],
        residents: residents.get(id) ?? [],
        holder_residences: holderResidences.get(id) ?? [],
        imu: imu.get(id) ?? [],
        imu_payments: payments.get(id) ?? [],
        tari: tari.get(id) ?? [],
      };
    }),
  };
}
