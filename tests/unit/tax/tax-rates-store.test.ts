import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_IMU_DELIBERE } from '../../../fixtures/rates.ts';
import { loadUser } from '../../../server/store/sqlite/users.ts';
import { sqliteStore } from '../../../server/store/sqlite-store.ts';
import { makeTestApp } from '../../helpers/test-app.ts';

const t = makeTestApp({ parcels: 200 });
const store = sqliteStore(t.db);
afterAll(() => t.close());

describe('tax-rates repository (SQLite)', () => {
  it('returns the seeded demo delibere, tariffs, land values and spread as domain types', async () => {
    const delibere = await store.taxRates.imuDelibere('E617');
    expect(delibere.map((d) => d.year)).toEqual([2021, 2022, 2023, 2024, 2025, 2026]);
    expect(delibere[4]).toEqual(DEMO_IMU_DELIBERE.find((d) => d.comune === 'E617' && d.year === 2025));
    expect((await store.taxRates.imuDelibere('C566')).find((d) => d.year === 2024)!.published).toBe(false);
    expect((await store.taxRates.tariTariffs('C566')).length).toBe(6);
    expect(await store.taxRates.buildingLandValue('E617', 'A', 2021)).toBe(260);
    expect(await store.taxRates.buildingLandValue('E617', 'A', 2030)).toBe(273.26);
    expect(await store.taxRates.buildingLandValue('E617', 'E', 2025)).toBe(null);
    expect(Object.keys(await store.taxRates.buildingLandValues('C566', 2024))).toEqual(['A', 'B', 'C', 'D']);
    expect([await store.taxRates.interestSpread('E617'), await store.taxRates.interestSpread('C566')]).toEqual([0, 1]);
  });

  it('throws not_found for an unknown comune', async () => {
    await expect(store.taxRates.imuDelibere('F205')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('writes with optimistic locking and history', async () => {
    const user = loadUser(t.db, 1)!;
    const current = (await store.taxRates.yearRates('E617', 2026)).imu!;
    const { version, ...d } = current;
    const saved = await store.taxRates.putImuDelibera(user, { ...d, ordinary: 1.1 }, version);
    expect([saved.ordinary, saved.version]).toEqual([1.1, version + 1]);
    await expect(store.taxRates.putImuDelibera(user, { ...d, ordinary: 1.0 }, version)).rejects.toMatchObject({
      kind: 'stale_version',
    });
    const history = t.db.prepare("SELECT username, before, after FROM history WHERE entity = 'imu_delibera'").all() as {
      username: string;
      before: string;
      after: string;
    }[];
    expect(history.length).toBe(1);
    expect([JSON.parse(history[0]!.before).ordinary, JSON.parse(history[0]!.after).ordinary]).toEqual([1.06, 1.1]);
  });
});
