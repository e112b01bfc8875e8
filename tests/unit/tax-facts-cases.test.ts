import { describe, expect, it } from 'vitest';
import {
  parcelImuCases,
  periodInYear,
  type UnitFactsInYear,
  unitImuCases,
} from '../../server/domain/tax-facts/imu-cases.ts';
import type { CadastralVersion, HeldRight, HolderResidence } from '../../server/store/tax-facts.ts';

const right = (
  subject_id: number,
  r: HeldRight['right'],
  num: number,
  den: number,
  valid_from: string,
  valid_to: string | null = null,
): HeldRight => ({
  id: subject_id * 10,
  subject_id,
  right: r,
  share_num: num,
  share_den: den,
  share: num / den,
  valid_from,
  valid_to,
  deed: null,
  taxpayer: r !== 'nuda_proprieta',
});
const cadastre = (categoria: string, rendita: number): CadastralVersion => ({
  valid_from: '1900-01-01',
  valid_to: null,
  categoria,
  classe: '2',
  consistenza: 5,
  rendita,
  superficie_catastale: 90,
  superficie_escluse_scoperte: 85,
});
const home = (
  subject_id: number,
  unit_id: number,
  since: string | null,
  until: string | null,
  categoria = 'A/2',
): HolderResidence => ({ subject_id, unit_id, since, until, building_id: 7, categoria });
const unit = (over: Partial<UnitFactsInYear>): UnitFactsInYear => ({
  unit_id: 1,
  building_id: 7,
  public_owner: null,
  cadastre: cadastre('A/2', 900),
  rights: [],
  holder_residences: [],
  ...over,
});

describe('IMU cases from the facts', () => {
  it('clips a right to the year, both ends included', () => {
    expect(periodInYear({ valid_from: '2023-06-16', valid_to: null }, 2023)).toEqual({
      from: '2023-06-16',
      to: '2023-12-31',
    });
    expect(periodInYear({ valid_from: '1990-01-01', valid_to: '2023-06-15' }, 2023)).toEqual({
      from: '2023-01-01',
      to: '2023-06-15',
    });
    expect(periodInYear({ valid_from: '2024-01-01', valid_to: null }, 2023)).toBeNull();
  });

  it(
    'gives one case per taxpayer right: the seller to the day before the deed, the buyer from it; ' +
      'the nudo proprietario none',
    () => {
      const cases = unitImuCases(
        unit({
          rights: [
            right(1, 'proprieta', 1, 1, '1990-01-01', '2023-06-15'),
            right(2, 'usufrutto', 1, 1, '2023-06-16'),
            right(3, 'nuda_proprieta', 1, 1, '2023-06-16'),
          ],
        }),
        2023,
      );
      expect(cases.map((c) => [c.right.subject_id, c.imu.period, c.imu.share, c.imu.flags])).toEqual([
        [1, { from: '2023-01-01', to: '2023-06-15' }, 1, { main_home: false }],
        [2, { from: '2023-06-16', to: '2023-12-31' }, 1, { main_home: false }],
      ]);
      expect(cases[0]!.imu.object).toEqual({ kind: 'fabbricato', categoria: 'A/2', rendita: 900 });
    },
  );

  it('makes the main home only where the holder lives over the whole period, and the garage its pertinenza', () => {
    const rights = [right(1, 'proprieta', 1, 2, '2000-01-01'), right(2, 'proprieta', 1, 2, '2000-01-01')];
    const lives = [home(1, 1, '2000-01-01', null), home(2, 1, '2023-03-01', null)];
    const dwelling = unitImuCases(unit({ rights, holder_residences: lives }), 2023);
    expect(dwelling.map((c) => c.imu.flags.main_home)).toEqual([true, false]);
    const garage = unitImuCases(
      unit({ unit_id: 2, cadastre: cadastre('C/6', 80), rights, holder_residences: lives }),
      2023,
      () => 1,
    );
    expect(garage.map((c) => c.imu.flags)).toEqual([
      { main_home_pertinenza: true, pertinenza_rank: 1, main_home_categoria: 'A/2' },
      {},
    ]);
    const second = unitImuCases(
      unit({ unit_id: 3, cadastre: cadastre('C/6', 80), rights, holder_residences: lives }),
      2023,
      () => 2,
    );
    expect(second[0]!.imu.flags.pertinenza_rank).toBe(2);
  });

  it("gives no case for the comune's own units nor for units without a rendita", () => {
    expect(
      unitImuCases(
        unit({ public_owner: 'Comune di Lissone', rights: [right(1, 'proprieta', 1, 1, '1900-01-01')] }),
        2023,
      ),
    ).toEqual([]);
    expect(unitImuCases(unit({ cadastre: null, rights: [right(1, 'proprieta', 1, 1, '1900-01-01')] }), 2023)).toEqual(
      [],
    );
  });

  it(
    'taxes land as building land at the reference value where the zoning allows building, ' +
      'else as agricultural land',
    () => {
      const rights = [right(1, 'proprieta', 1, 1, '1990-01-01')];
      const land = { rights, superficie: 1234, reddito_dominicale: 11.72 };
      expect(
        parcelImuCases({ ...land, zoning: { code: 'C', name: 'Ambiti', buildable: true } }, 2025, 163.2)[0]!.imu.object,
      ).toEqual({ kind: 'area_fabbricabile', valore_venale: 201388.8 });
      expect(
        parcelImuCases({ ...land, zoning: { code: 'E', name: 'Agricole', buildable: false } }, 2025, null)[0]!.imu
          .object,
      ).toEqual({ kind: 'terreno_agricolo', reddito_dominicale: 11.72 });
    },
  );
});
