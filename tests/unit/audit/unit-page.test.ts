// The pure assembly of a page of unit facts into each year's audit candidates.
import { describe, expect, it } from 'vitest';
import { splitYears } from '../../../server/audit/run-audit.ts';
import {
  type AttrRow,
  indexPage,
  type PageFacts,
  type PositionRow,
  pertinenzaHolders,
  type UnitRow,
  yearFacts,
} from '../../../server/store/unit-page.ts';

const unit = (id: number, categoria: string, building: number, over: Partial<UnitRow> = {}): UnitRow => ({
  id,
  building_id: building,
  foglio: '3',
  particella: String(building),
  subalterno: String(id),
  categoria,
  rendita: 500,
  public_owner: null,
  ...over,
});

const attr = (unitId: number, over: Partial<AttrRow>): AttrRow => ({
  unit_id: unitId,
  valid_from: '2000-01-01',
  valid_to: null,
  categoria: null,
  rendita: null,
  superficie_catastale: 100,
  superficie_escluse_scoperte: null,
  ...over,
});

const position = (over: Partial<PositionRow>): PositionRow => ({
  subject_id: 7,
  unit_id: 1,
  year: 2024,
  id: 1,
  kind: 'fabbricato',
  main_home: 0,
  share: 1,
  months: 12,
  declared_value: null,
  due: 100,
  linked_paid: 100,
  ...over,
});

function facts(over: Partial<PageFacts>): PageFacts {
  return {
    units: [],
    attrs: [],
    rights: [],
    residences: [],
    positions: [],
    tari: [],
    holderRights: [],
    holderResidences: [],
    taxpayers: new Map([[7, { codice_fiscale: 'RSSMRA80A01F205X', name: 'Rossi Mario' }]]),
    unlinked: new Map(),
    ...over,
  };
}

describe('unit page assembly', () => {
  it('clips each right row to the year as a period of one holding, with residence and the 1 January rendita', () => {
    const page = indexPage(
      facts({
        units: [unit(1, 'A/2', 10)],
        attrs: [
          attr(1, { valid_from: '2000-01-01', valid_to: '2023-12-31', categoria: 'A/2', rendita: 800 }),
          attr(1, { valid_from: '2024-01-01', categoria: 'A/2', rendita: 900 }),
        ],
        rights: [
          { subject_id: 7, unit_id: 1, right: 'usufrutto', share: 1, valid_from: '2020-05-01', valid_to: '2024-03-15' },
          { subject_id: 7, unit_id: 1, right: 'proprieta', share: 0.5, valid_from: '2024-03-16', valid_to: null },
        ],
        residences: [{ subject_id: 7, unit_id: 1, since: '2024-06-01', until: null }],
      }),
    );
    const [h] = yearFacts(page, 2024).holdings;
    expect(h).toMatchObject({ unit_id: 1, subject_id: 7, name: 'Rossi Mario', rendita: 900, position: null });
    expect(h!.periods).toEqual([
      {
        right: 'usufrutto',
        share: 1,
        from: '2024-01-01',
        to: '2024-03-15',
        resident: false,
        home_categoria: null,
        pertinenza_rank: 1,
      },
      {
        right: 'proprieta',
        share: 0.5,
        from: '2024-03-16',
        to: '2024-12-31',
        resident: true,
        home_categoria: null,
        pertinenza_rank: 1,
      },
    ]);
    expect(yearFacts(page, 2023).holdings[0]!.rendita).toBe(800);
    expect(yearFacts(page, 2019).holdings).toEqual([]);
  });

  it("sums a subject's positions on a unit and credits unlinked F24 lines pro rata of the declared due", () => {
    const page = indexPage(
      facts({
        units: [unit(1, 'A/3', 10)],
        rights: [{ subject_id: 7, unit_id: 1, right: 'proprieta', share: 1, valid_from: '2010-01-01', valid_to: null }],
        positions: [
          position({ id: 5, due: 100, linked_paid: 60, main_home: 0 }),
          position({ id: 4, due: 50, linked_paid: 0, main_home: 1 }),
          position({ id: 9, year: 2023, due: 999, linked_paid: 999 }),
        ],
        // 90 € paid without a position, on 300 € declared in all the subject's 2024 positions
        unlinked: new Map([['7|2024', { amount: 90, due: 300 }]]),
      }),
    );
    expect(yearFacts(page, 2024).holdings[0]!.position).toEqual({
      id: 4,
      kind: 'fabbricato',
      main_home: true,
      share: 1,
      months: 12,
      declared_value: null,
      due: 150,
      paid: 105,
    });
  });

  it('ranks pertinenze of a category: the one in the home building first, then by unit id; none without a home', () => {
    const units = [unit(1, 'A/2', 10), unit(2, 'C/6', 20), unit(3, 'C/6', 10), unit(4, 'C/6', 30)];
    const rights = [1, 2, 3, 4].map((id) => ({
      subject_id: 7,
      unit_id: id,
      right: 'proprieta',
      share: 1,
      valid_from: '2015-01-01',
      valid_to: null,
    }));
    expect(pertinenzaHolders(units, [], rights)).toEqual([7]);
    const page = indexPage(
      facts({
        units,
        rights,
        residences: [{ subject_id: 7, unit_id: 1, since: '2015-01-01', until: null }],
        holderRights: units.map((u) => ({
          subject_id: 7,
          unit_id: u.id,
          valid_from: '2015-01-01',
          valid_to: null,
          categoria: u.categoria,
          building_id: u.building_id,
        })),
        holderResidences: [{ subject_id: 7, unit_id: 1, since: '2015-01-01', until: '2024-06-30' }],
      }),
    );
    const ranks = (year: number) =>
      yearFacts(page, year).holdings.map((h) => [
        h.unit_id,
        h.periods[0]!.home_categoria,
        h.periods[0]!.pertinenza_rank,
      ]);
    expect(ranks(2024)).toEqual([
      [1, null, 1],
      [2, 'A/2', 2],
      [3, 'A/2', 1],
      [4, 'A/2', 3],
    ]);
    // moved out in 2024: no home in 2025, so no pertinenza
    expect(ranks(2025).map((r) => r[1])).toEqual([null, null, null, null]);
  });

  it('gives rule 3 the TARI positions below 80% of the cadastre and rule 4 the inhabited units without TARI', () => {
    const page = indexPage(
      facts({
        units: [unit(1, 'A/2', 10), unit(2, 'A/2', 10), unit(3, 'A/2', 10)],
        attrs: [
          attr(1, { superficie_catastale: 100, superficie_escluse_scoperte: 90 }),
          attr(2, { superficie_catastale: 100 }),
          attr(3, { superficie_catastale: 100 }),
        ],
        tari: [
          // 71 < 0.8 × 90 (escluse aree scoperte): below
          {
            subject_id: 7,
            unit_id: 1,
            year: 2024,
            kind: 'domestica',
            surface: 71,
            occupants: 2,
            category_code: null,
            from_date: '2024-03-01',
            to_date: null,
          },
          // 80 is not below 0.8 × 100
          {
            subject_id: 7,
            unit_id: 2,
            year: 2024,
            kind: 'domestica',
            surface: 80,
            occupants: 2,
            category_code: null,
            from_date: null,
            to_date: null,
          },
        ],
        residences: [
          { subject_id: 7, unit_id: 2, since: '2020-01-01', until: null },
          { subject_id: 7, unit_id: 3, since: '2024-02-01', until: '2024-08-31' },
        ],
      }),
    );
    const y = yearFacts(page, 2024);
    expect(y.tariBelowCadastre.map((t) => [t.unit_id, t.from, t.to, t.superficie_escluse_scoperte])).toEqual([
      [1, '2024-03-01', '2024-12-31', 90],
    ]);
    expect(y.residentUnitsWithoutTari.map((u) => [u.unit_id, u.residents])).toEqual([
      [
        3,
        [
          {
            subject_id: 7,
            codice_fiscale: 'RSSMRA80A01F205X',
            name: 'Rossi Mario',
            from: '2024-02-01',
            to: '2024-08-31',
          },
        ],
      ],
    ]);
    expect(yearFacts(page, 2023).residentUnitsWithoutTari.map((u) => u.unit_id)).toEqual([2]);
  });
});

describe('splitYears', () => {
  it('shares consecutive years among the workers', () => {
    expect(splitYears([2026, 2021, 2022, 2023, 2024, 2025], 2)).toEqual([
      [2021, 2022, 2023],
      [2024, 2025, 2026],
    ]);
    expect(splitYears([2021, 2022, 2023, 2024, 2025], 2)).toEqual([
      [2021, 2022, 2023],
      [2024, 2025],
    ]);
    expect(splitYears([2024], 2)).toEqual([[2024]]);
  });
});
