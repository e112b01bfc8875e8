// SQLite implementation of the tax-facts repository. `holdings` pages through a comune's units (then its
// land parcels) by id, and per page runs one query per table with the page's id range, so the cost is a
// handful of queries per page whatever the size of the comune.

import type { DatabaseSync } from 'node:sqlite';
import { booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import type { AreaGeometry } from '../../domain/geometry/types.ts';
import { notFoundError } from '../../errors/domain-error.ts';
import {
  type BuildingTaxFacts,
  type CadastralVersion,
  type HeldRight,
  type HolderResidence,
  type ImuDeclaration,
  type ImuPayment,
  isTaxpayerRight,
  type ParcelHolding,
  type Residence,
  type RightKind,
  type Subject,
  type TariDeclaration,
  type TariPayment,
  type TaxFactsRepository,
  type UnitHolding,
  type Zoning,
} from '../tax-facts.ts';

type Row = Record<string, unknown>;
const DEFAULT_BATCH = 2000;

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
const UNITS_OF_PAGE = 'SELECT id FROM units WHERE comune = ?1 AND id BETWEEN ?2 AND ?3';
const PARCELS_OF_PAGE = 'SELECT id FROM parcels WHERE comune = ?1 AND id BETWEEN ?2 AND ?3';
const overlapsYear = (from: string, to: string) => `${from} <= ?5 AND (${to} IS NULL OR ${to} >= ?4)`;

export function sqliteTaxFacts(db: DatabaseSync): TaxFactsRepository {
  const all = (sql: string, ...params: (string | number | null)[]) => db.prepare(sql).all(...params) as Row[];
  const requireComune = (comune: string) => {
    if (!db.prepare('SELECT 1 FROM comuni WHERE code = ?').get(comune))
      throw notFoundError(`Comune ${comune} non presente`);
  };
  const subjectsOf = (ids: Iterable<number>): Map<number, Subject> => {
    const list = [...new Set(ids)];
    if (!list.length) return new Map();
    return new Map(
      all(
        'SELECT id, codice_fiscale, surname, name FROM subjects WHERE id IN (SELECT value FROM json_each(?))',
        JSON.stringify(list),
      ).map((r) => [r.id as number, r as unknown as Subject]),
    );
  };
  const pick = (subjects: Map<number, Subject>, ids: number[]) => {
    const out: Record<number, Subject> = {};
    for (const id of ids) {
      const s = subjects.get(id);
      if (s) out[id] = s;
    }
    return out;
  };

  /** One page of units in a year, [first, last] by id. */
  function unitPage(comune: string, year: number, first: number, last: number): UnitHolding[] {
    const p = [comune, first, last, `${year}-01-01`, `${year}-12-31`] as const;
    const units = all(
      `SELECT u.id, u.building_id, u.comune, u.sezione, u.foglio, u.particella, u.subalterno, b.public_owner
      FROM units u LEFT JOIN buildings b ON b.id = u.building_id
      WHERE u.comune = ?1 AND u.id BETWEEN ?2 AND ?3 ORDER BY u.id`,
      ...p.slice(0, 3),
    );
    const history = groupBy(
      all(
        `SELECT * FROM unit_cadastral_history WHERE unit_id IN (${UNITS_OF_PAGE})
      AND ${overlapsYear('valid_from', 'valid_to')} ORDER BY unit_id, valid_from`,
        ...p,
      ),
      'unit_id',
      (r) => r,
    );
    const rights = groupBy(
      all(
        `SELECT * FROM rights WHERE unit_id IN (${UNITS_OF_PAGE}) AND ${overlapsYear('valid_from', 'valid_to')}
      ORDER BY unit_id, valid_from, id`,
        ...p,
      ),
      'unit_id',
      heldRight,
    );
    const residents = groupBy(
      all(
        `SELECT * FROM residents WHERE unit_id IN (${UNITS_OF_PAGE})
      AND coalesce(since, '0000') <= ?5 AND (until IS NULL OR until >= ?4) ORDER BY unit_id, since, id`,
        ...p,
      ),
      'unit_id',
      residence,
    );
    // Residences of the page's holders anywhere, keyed by the unit held (a subject may hold several).
    const holderResidences = groupBy(
      all(
        `SELECT DISTINCT h.unit_id held, r.subject_id, r.unit_id, r.since, r.until, u.building_id,
        coalesce((SELECT c.categoria FROM unit_cadastral_history c WHERE c.unit_id = r.unit_id AND c.valid_from <= ?4
          AND (c.valid_to IS NULL OR c.valid_to >= ?4) ORDER BY c.valid_from DESC LIMIT 1), u.categoria) categoria
      FROM rights h JOIN residents r ON r.subject_id = h.subject_id JOIN units u ON u.id = r.unit_id
      WHERE h.unit_id IN (${UNITS_OF_PAGE}) AND ${overlapsYear('h.valid_from', 'h.valid_to')}
        AND coalesce(r.since, '0000') <= ?5 AND (r.until IS NULL OR r.until >= ?4)
      ORDER BY held, r.since`,
        ...p,
      ),
      'held',
      holderResidence,
    );
    const imu = groupBy(
      all(
        `SELECT * FROM imu_positions WHERE unit_id IN (${UNITS_OF_PAGE}) AND year = ?4 ORDER BY id`,
        comune,
        first,
        last,
        year,
      ),
      'unit_id',
      imuDeclaration,
    );
    const payments = groupBy(
      all(
        `SELECT m.*, p.unit_id FROM imu_payments m JOIN imu_positions p ON p.id = m.position_id
      WHERE p.unit_id IN (${UNITS_OF_PAGE}) AND p.year = ?4 ORDER BY m.id`,
        comune,
        first,
        last,
        year,
      ),
      'unit_id',
      imuPayment,
    );
    const tari = groupBy(
      all(
        `SELECT * FROM tari_positions WHERE unit_id IN (${UNITS_OF_PAGE}) AND year = ?4 ORDER BY id`,
        comune,
        first,
        last,
        year,
      ),
      'unit_id',
      tariDeclaration,
    );
    const tariPaid = groupBy(
      all(
        `SELECT m.*, t.unit_id FROM tari_payments m JOIN tari_positions t ON t.id = m.position_id
        WHERE t.unit_id IN (${UNITS_OF_PAGE}) AND t.year = ?4 ORDER BY m.id`,
        comune,
        first,
        last,
        year,
      ),
      'unit_id',
      tariPayment,
    );
    const ids = new Set<number>();
    const collect = <T extends { subject_id: number }>(m: Map<number, T[]>) => {
      for (const l of m.values()) for (const x of l) ids.add(x.subject_id);
    };
    for (const m of [rights, residents, imu, tari]) collect(m as Map<number, { subject_id: number }[]>);
    const subjects = subjectsOf(ids);
    return units.map((u) => {
      const id = u.id as number;
      const versions = (history.get(id) ?? []).map(version);
      const held = rights.get(id) ?? [],
        lives = residents.get(id) ?? [],
        imuOf = imu.get(id) ?? [],
        tariOf = tari.get(id) ?? [];
      return {
        object: 'unit',
        unit_id: id,
        building_id: u.building_id as number | null,
        key: {
          comune: u.comune as string,
          sezione: u.sezione as string,
          foglio: u.foglio as string,
          particella: u.particella as string,
          subalterno: u.subalterno as string,
        },
        public_owner: u.public_owner as string | null,
        cadastre: versions.find((v) => v.valid_from <= `${year}-01-01`) ?? null,
        cadastre_in_year: versions,
        rights: held,
        residents: lives,
        holder_residences: holderResidences.get(id) ?? [],
        imu: imuOf,
        imu_payments: payments.get(id) ?? [],
        tari: tariOf,
        tari_payments: tariPaid.get(id) ?? [],
        subjects: pick(
          subjects,
          [...held, ...lives, ...imuOf, ...tariOf].map((x) => x.subject_id),
        ),
      } satisfies UnitHolding;
    });
  }

  /** The zoning areas of a comune, to place each land parcel (by a point on its surface). */
  function zoningOf(comune: string): (geom: string, bbox: [number, number, number, number]) => Zoning | null {
    const zones = all(
      "SELECT code, name, buildable, geom, minx, miny, maxx, maxy FROM overlays WHERE comune = ? AND kind = 'zoning'",
      comune,
    ).map((z) => ({
      zoning: { code: z.code as string, name: z.name as string, buildable: z.buildable === 1 },
      geom: JSON.parse(z.geom as string) as AreaGeometry,
      bbox: [z.minx, z.miny, z.maxx, z.maxy] as number[],
    }));
    return (geom, [minx, miny, maxx, maxy]) => {
      const candidates = zones.filter(
        (z) => z.bbox[0]! <= maxx && z.bbox[2]! >= minx && z.bbox[1]! <= maxy && z.bbox[3]! >= miny,
      );
      if (!candidates.length) return null;
      const point = pointOnFeature(JSON.parse(geom) as AreaGeometry);
      return candidates.find((z) => booleanPointInPolygon(point, z.geom))?.zoning ?? null;
    };
  }

  function parcelPage(
    comune: string,
    year: number,
    ids: number[],
    zoneOf: ReturnType<typeof zoningOf>,
  ): ParcelHolding[] {
    if (!ids.length) return [];
    const [first, last] = [ids[0]!, ids[ids.length - 1]!];
    const p = [comune, first, last, `${year}-01-01`, `${year}-12-31`] as const;
    const parcels = all(
      `SELECT id, comune, sezione, foglio, particella, qualita, superficie, reddito_dominicale, geom,
        minx, miny, maxx, maxy
      FROM parcels WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
      JSON.stringify(ids),
    );
    const rights = groupBy(
      all(
        `SELECT r.* FROM rights r JOIN parcels x ON x.id = r.parcel_id
        WHERE x.comune = ?1 AND r.parcel_id BETWEEN ?2 AND ?3
      AND ${overlapsYear('r.valid_from', 'r.valid_to')} ORDER BY r.parcel_id, r.valid_from, r.id`,
        ...p,
      ),
      'parcel_id',
      heldRight,
    );
    const imu = groupBy(
      all(
        `SELECT * FROM imu_positions WHERE parcel_id IN (${PARCELS_OF_PAGE}) AND year = ?4 ORDER BY id`,
        comune,
        first,
        last,
        year,
      ),
      'parcel_id',
      imuDeclaration,
    );
    const payments = groupBy(
      all(
        `SELECT m.*, p.parcel_id FROM imu_payments m JOIN imu_positions p ON p.id = m.position_id
      WHERE p.parcel_id IN (${PARCELS_OF_PAGE}) AND p.year = ?4 ORDER BY m.id`,
        comune,
        first,
        last,
        year,
      ),
      'parcel_id',
      imuPayment,
    );
    const subjects = subjectsOf([...rights.values(), ...imu.values()].flat().map((x) => x.subject_id));
    return parcels.map((x) => {
      const id = x.id as number;
      const held = rights.get(id) ?? [],
        imuOf = imu.get(id) ?? [];
      return {
        object: 'parcel',
        parcel_id: id,
        key: {
          comune: x.comune as string,
          sezione: x.sezione as string,
          foglio: x.foglio as string,
          particella: x.particella as string,
        },
        qualita: x.qualita as string | null,
        superficie: x.superficie as number | null,
        reddito_dominicale: x.reddito_dominicale as number | null,
        zoning: zoneOf(x.geom as string, [x.minx, x.miny, x.maxx, x.maxy] as [number, number, number, number]),
        rights: held,
        imu: imuOf,
        imu_payments: payments.get(id) ?? [],
        subjects: pick(
          subjects,
          [...held, ...imuOf].map((r) => r.subject_id),
        ),
      } satisfies ParcelHolding;
    });
  }

  return {
    async *holdings(comune, year, opts = {}) {
      requireComune(comune);
      const size = opts.batchSize ?? DEFAULT_BATCH;
      const nextUnits = db.prepare('SELECT id FROM units WHERE comune = ? AND id > ? ORDER BY id LIMIT ?');
      for (let after = 0; ; ) {
        const ids = (nextUnits.all(comune, after, size) as { id: number }[]).map((r) => r.id);
        if (!ids.length) break;
        after = ids[ids.length - 1]!;
        yield* unitPage(comune, year, ids[0]!, after);
      }
      // Land parcels that someone holds or declared in the year.
      const nextParcels = db.prepare(`SELECT p.id FROM parcels p WHERE p.comune = ?1 AND p.id > ?2
        AND (EXISTS (SELECT 1 FROM rights r WHERE r.parcel_id = p.id AND r.valid_from <= ?4
            AND (r.valid_to IS NULL OR r.valid_to >= ?3))
          OR EXISTS (SELECT 1 FROM imu_positions i WHERE i.parcel_id = p.id AND i.year = ?5))
        ORDER BY p.id LIMIT ?6`);
      const zoneOf = zoningOf(comune);
      for (let after = 0; ; ) {
        const ids = (
          nextParcels.all(comune, after, `${year}-01-01`, `${year}-12-31`, year, size) as { id: number }[]
        ).map((r) => r.id);
        if (!ids.length) break;
        after = ids[ids.length - 1]!;
        yield* parcelPage(comune, year, ids, zoneOf);
      }
    },

    async imuPaymentsBySubject(comune, year) {
      requireComune(comune);
      return groupBy(
        all(
          'SELECT * FROM imu_payments WHERE comune = ? AND tax_year = ? ORDER BY subject_id, paid_on, id',
          comune,
          year,
        ),
        'subject_id',
        imuPayment,
      );
    },

    async tariPaymentsBySubject(comune, year) {
      requireComune(comune);
      return groupBy(
        all(
          'SELECT * FROM tari_payments WHERE comune = ? AND tax_year = ? ORDER BY subject_id, paid_on, id',
          comune,
          year,
        ),
        'subject_id',
        tariPayment,
      );
    },

    async buildingsWithoutUnits(comune) {
      requireComune(comune);
      return all(
        `SELECT b.id building_id, b.code, b.status, b.public_owner FROM buildings b WHERE b.comune = ?
        AND NOT EXISTS (SELECT 1 FROM units u WHERE u.building_id = b.id) ORDER BY b.id`,
        comune,
      ) as unknown as { building_id: number; code: string; status: string; public_owner: string | null }[];
    },

    async forBuilding(buildingId) {
      return buildingTaxFacts(db, buildingId);
    },
  };
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
