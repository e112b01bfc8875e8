import { describe, expect, it } from 'vitest';
import {
  differing,
  importRequest,
  type RatesView,
  rebase,
  serverErrors,
  serverText,
  toDraft,
  toPutBody,
  valueAt,
} from '../../client/tax/rates-form.ts';
import { DEMO_IMU_DELIBERE, DEMO_TARI_TARIFFS } from '../../fixtures/rates.ts';

const strip = <T extends { comune: string; year: number }>({ comune: _c, year: _y, ...rest }: T) => ({
  ...rest,
  version: 1,
});
const view: RatesView = {
  comune: 'E617',
  year: 2025,
  imu: strip(DEMO_IMU_DELIBERE.find((d) => d.comune === 'E617' && d.year === 2025)!),
  tari: strip(DEMO_TARI_TARIFFS.find((d) => d.comune === 'E617' && d.year === 2025)!),
  building_land: { A: 270.56, B: 228.93 },
  interest_spread: 0,
};

describe('rates form', () => {
  it('shows numbers with a decimal comma and sends only the parts changed, as numbers', () => {
    const base = toDraft(view);
    expect([base.imu.ordinary, base.imu.categories[0], base.building_land[0]]).toEqual([
      '1,06',
      { categoria: 'C/1', rate: '0,93' },
      { zone: 'A', value: '270,56' },
    ]);
    const draft = toDraft(view);
    draft.imu.ordinary = '1.04';
    draft.imu.canone_concordato = '';
    const { body, errors } = toPutBody(base, draft);
    expect(errors).toEqual({});
    expect(Object.keys(body)).toEqual(['imu']);
    expect([body.imu?.ordinary, body.imu?.canone_concordato, body.imu?.categories]).toEqual([
      1.04,
      null,
      view.imu!.categories,
    ]);
    expect(toPutBody(base, toDraft(view)).body).toEqual({});
  });

  it("refuses text in a numeric field with the field's message, never sending null", () => {
    const base = toDraft(view);
    const draft = toDraft(view);
    draft.imu.canone_concordato = 'otto';
    draft.tari.domestic_variable[2] = '';
    draft.imu.categories.push({ categoria: 'c/1', rate: '1' });
    expect(toPutBody(base, draft).errors).toEqual({
      'imu.canone_concordato': 'non è un numero: scrivere ad esempio 1,06',
      'imu.categories.3': 'categoria C/1 ripetuta',
      'tari.domestic_variable.2': 'valore obbligatorio',
    });
  });

  it("shows a table's server value as one line", () => {
    expect(serverText(toDraft(view), 'imu.categories')).toBe('C/1 0,93, C/3 0,93, D/5 1,06');
    expect(serverText(toDraft(view), 'imu.published')).toBe('sì');
  });

  it("maps the server's 422 paths onto the form, keyed rows to their index", () => {
    const draft = toDraft(view);
    const mapped = serverErrors(
      [
        { path: 'imu.ordinary', message: 'massimo 1.14%' },
        { path: 'building_land.B', message: 'negativo' },
        { path: 'tari.non_domestic.12.1', message: 'x' },
        { path: 'imu', message: 'indicare almeno una' },
      ],
      draft,
    );
    expect(mapped).toEqual({
      fields: { 'imu.ordinary': 'massimo 1.14%', 'building_land.1': 'negativo', 'tari.non_domestic.12.1': 'x' },
      other: ['imu: indicare almeno una'],
    });
    expect(valueAt(draft, 'tari.non_domestic.12.1')).toBe(String(view.tari!.non_domestic['12']![1]).replace('.', ','));
  });

  it("after a 412 puts the user's own changes back on top of the server's current values", () => {
    const base = toDraft(view);
    const mine = toDraft(view);
    mine.imu.ordinary = '1,04';
    mine.building_land.push({ zone: 'C', value: '160' });
    const theirs = toDraft({ ...view, imu: { ...view.imu!, group_d: 1.1, ordinary: 1.08 }, interest_spread: 1 });
    expect([...differing(mine, theirs)].sort()).toEqual([
      'building_land',
      'imu.group_d',
      'imu.ordinary',
      'interest_spread',
    ]);
    const merged = rebase(base, mine, theirs);
    expect([merged.imu.ordinary, merged.imu.group_d, merged.interest_spread, merged.building_land.length]).toEqual([
      '1,04',
      '1,1',
      '1',
      3,
    ]);
    expect(toPutBody(theirs, merged).body.imu?.group_d).toBe(1.1);
  });

  it('posts a CSV as text/csv and anything else as JSON', () => {
    expect(importRequest('aliquote.csv', 'x').headers['content-type']).toBe('text/csv');
    expect(importRequest('dati.txt', 'anno;voce;valore\n').headers['content-type']).toBe('text/csv');
    expect(importRequest('aliquote.json', '{}').headers['content-type']).toBe('application/json');
  });
});
