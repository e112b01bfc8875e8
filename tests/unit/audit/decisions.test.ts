// The audit rules' pure decisions, directly: each rule's yes/no and amount on hand-made facts.
import { describe, expect, it } from 'vitest';
import { imuCaseOf, mainHomeSupported } from '../../../server/audit/rules/imu-holding.ts';
import { occupancy } from '../../../server/audit/rules/occupancy.ts';
import { undeclaredTax } from '../../../server/audit/rules/rule-1-undeclared-unit.ts';
import { imuShortfall } from '../../../server/audit/rules/rule-2-imu-underpaid.ts';
import { cadastralSurface, underDeclaredSurface } from '../../../server/audit/rules/rule-3-tari-surface.ts';
import { intestatario, missingTari } from '../../../server/audit/rules/rule-4-residents-without-tari.ts';
import { unduePrincipalHome } from '../../../server/audit/rules/rule-5-main-home-not-resident.ts';
import { isMissingFromCadastre } from '../../../server/audit/rules/rule-6-building-without-units.ts';
import { buildableDeclaredAgricultural } from '../../../server/audit/rules/rule-7-building-land-as-agricultural.ts';
import type { DeclaredPosition, HoldingPeriod, UnitHolding } from '../../../server/store/audit-candidates.ts';

const position = (p: Partial<DeclaredPosition> = {}): DeclaredPosition => ({
  id: 1,
  kind: 'fabbricato',
  main_home: false,
  share: 1,
  months: 12,
  declared_value: null,
  due: 1602.72,
  paid: 1602.72,
  ...p,
});
const period = (p: Partial<HoldingPeriod> = {}): HoldingPeriod => ({
  right: 'proprieta',
  share: 1,
  from: '2025-01-01',
  to: '2025-12-31',
  resident: false,
  home_categoria: null,
  pertinenza_rank: 1,
  ...p,
});
const holding = (h: Partial<UnitHolding> = {}, p: Partial<HoldingPeriod> = {}): UnitHolding => ({
  subject_id: 1,
  codice_fiscale: 'RSSMRA80A01F205X',
  name: 'Rossi Mario',
  unit_id: 10,
  building_id: 5,
  foglio: '3',
  particella: '45',
  subalterno: '2',
  categoria: 'A/2',
  rendita: 900,
  public_owner: null,
  position: position(),
  periods: [period(p)],
  ...h,
});

describe('rule 1: undeclared unit', () => {
  it("finds the engine's tax on a holding with no position, not on exempt or public ones", () => {
    expect(undeclaredTax({ position: null, public_owner: null }, { tax: 1602.72 })).toBe(1602.72);
    expect(undeclaredTax({ position: null, public_owner: null }, { tax: 0 })).toBeNull();
    expect(undeclaredTax({ position: null, public_owner: 'Comune di Lissone' }, { tax: 500 })).toBeNull();
    expect(undeclaredTax({ position: position(), public_owner: null }, { tax: 500 })).toBeNull();
  });
});

describe('rule 2: IMU underpaid', () => {
  it('is the computed tax less what was paid, beyond F24 rounding', () => {
    expect(imuShortfall(holding({ position: position({ paid: 800 }) }), { tax: 1602.72 })).toBeCloseTo(802.72, 2);
    expect(imuShortfall(holding({ position: position({ paid: 1602 }) }), { tax: 1602.72 })).toBeNull();
    expect(imuShortfall(holding({ position: null }), { tax: 1602.72 })).toBeNull();
  });
  it('leaves an unsupported main-home claim to rule 5', () => {
    expect(imuShortfall(holding({ position: position({ main_home: true, paid: 0 }) }), { tax: 1602.72 })).toBeNull();
    expect(
      imuShortfall(holding({ position: position({ main_home: true, paid: 0 }) }, { resident: true }), { tax: 0 }),
    ).toBeNull();
  });
});

describe('rule 5: main home without residence', () => {
  it('owes the ordinary tax when the owner does not live there', () => {
    expect(unduePrincipalHome(holding({ position: position({ main_home: true, paid: 0 }) }), { tax: 1602.72 })).toBe(
      1602.72,
    );
    expect(
      unduePrincipalHome(holding({ position: position({ main_home: true, paid: 0 }) }, { resident: true }), { tax: 0 }),
    ).toBeNull();
    expect(unduePrincipalHome(holding({ position: position({ main_home: false }) }), { tax: 1602.72 })).toBeNull();
  });
  it('accepts a pertinenza claim when its owner lives in a dwelling of the comune', () => {
    const garage = { categoria: 'C/6', position: position({ main_home: true, paid: 0 }) };
    expect(unduePrincipalHome(holding(garage, { home_categoria: 'A/2' }), { tax: 0 })).toBeNull();
    expect(unduePrincipalHome(holding(garage, { home_categoria: null }), { tax: 120 })).toBe(120);
    expect(mainHomeSupported({ categoria: 'C/6', periods: [period({ home_categoria: 'A/3' })] })).toBe(true);
    expect(mainHomeSupported({ categoria: 'C/6', periods: [period({ resident: true })] })).toBe(false);
  });
});

describe('the IMU case of a holding', () => {
  it('takes main home from residence and the pertinenza rank from the facts, never from the declaration', () => {
    const c = imuCaseOf(holding({ position: position({ main_home: false }) }), period({ resident: true }), 2025);
    expect(c).toEqual({
      year: 2025,
      object: { kind: 'fabbricato', categoria: 'A/2', rendita: 900 },
      share: 1,
      period: { from: '2025-01-01', to: '2025-12-31' },
      flags: { main_home: true, main_home_pertinenza: false, pertinenza_rank: 1 },
    });
    const p = imuCaseOf(holding({ categoria: 'C/6' }), period({ home_categoria: 'A/8', pertinenza_rank: 2 }), 2025);
    expect(p.flags).toEqual({
      main_home: false,
      main_home_pertinenza: true,
      pertinenza_rank: 2,
      main_home_categoria: 'A/8',
    });
  });
});

describe('rule 3: TARI surface below 80% of the cadastral one', () => {
  it('compares with the superficie escluse aree scoperte when known', () => {
    expect(underDeclaredSurface({ surface: 70, superficie_catastale: 110, superficie_escluse_scoperte: 100 })).toBe(
      true,
    );
    expect(underDeclaredSurface({ surface: 80, superficie_catastale: 110, superficie_escluse_scoperte: 100 })).toBe(
      false,
    );
    expect(underDeclaredSurface({ surface: 85, superficie_catastale: 110, superficie_escluse_scoperte: null })).toBe(
      true,
    );
    expect(underDeclaredSurface({ surface: 10, superficie_catastale: null, superficie_escluse_scoperte: null })).toBe(
      false,
    );
    expect(cadastralSurface({ superficie_catastale: 110, superficie_escluse_scoperte: null })).toBe(110);
  });
});

describe('rule 4: residents without TARI', () => {
  const r = (subject_id: number, from: string, to: string) => ({
    subject_id,
    codice_fiscale: 'X',
    name: `n${subject_id}`,
    from,
    to,
  });
  it('fires when someone lived there and nobody declared', () => {
    expect(missingTari({ residents: [r(1, '2025-01-01', '2025-12-31')] })).toBe(true);
    expect(missingTari({ residents: [r(1, '2025-01-01', '2025-12-31')] }, 1)).toBe(false);
    expect(missingTari({ residents: [] })).toBe(false);
  });
  it('names the longest-standing resident and counts occupants piece by piece', () => {
    const rs = [r(7, '2025-03-01', '2025-12-31'), r(3, '2025-01-01', '2025-06-30'), r(5, '2025-01-01', '2025-12-31')];
    expect(intestatario({ residents: rs }).subject_id).toBe(3);
    expect(occupancy(rs).map((o) => [o.from, o.to, o.residents.length])).toEqual([
      ['2025-01-01', '2025-02-28', 2],
      ['2025-03-01', '2025-06-30', 3],
      ['2025-07-01', '2025-12-31', 2],
    ]);
    expect(occupancy([r(1, '2025-02-01', '2025-02-10'), r(2, '2025-05-01', '2025-05-31')]).map((o) => o.from)).toEqual([
      '2025-02-01',
      '2025-05-01',
    ]);
  });
});

describe('rule 6 and rule 7', () => {
  it('reports standing buildings without units, from the year they were built', () => {
    expect(isMissingFromCadastre({ status: 'esistente', year_built: 1980 }, 2021, 2026)).toBe(true);
    expect(isMissingFromCadastre({ status: 'esistente', year_built: 2023 }, 2022, 2026)).toBe(false);
    expect(isMissingFromCadastre({ status: 'in_costruzione', year_built: 2028 }, 2026, 2026)).toBe(true);
    expect(isMissingFromCadastre({ status: 'in_costruzione', year_built: null }, 2021, 2026)).toBe(true);
    expect(isMissingFromCadastre({ status: 'demolito', year_built: 1960 }, 2024, 2026)).toBe(false);
    expect(isMissingFromCadastre({ status: 'esistente', year_built: 1980 }, 2024, 2026, 3)).toBe(false);
  });
  it('reports agricultural declarations on buildable land only', () => {
    const land = (buildable: boolean | null) => ({
      zone: buildable === null ? null : { code: buildable ? 'C' : 'E', name: 'z', buildable },
      position: position({ kind: 'terreno_agricolo' }),
    });
    expect(buildableDeclaredAgricultural(land(true))).toBe(true);
    expect(buildableDeclaredAgricultural(land(false))).toBe(false);
    expect(buildableDeclaredAgricultural(land(null))).toBe(false);
  });
});
