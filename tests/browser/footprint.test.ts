import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, login, renderedCounts, startRig, watchErrors } from '../helpers/browser.ts';

let rig: BrowserRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.close();
});

type MapLike = { project(p: [number, number]): { x: number; y: number }; jumpTo(o: object): void };

describe('footprint editing (terra-draw), in Chromium', () => {
  it('a planner drags a corner of the footprint and saves it: stored, validated, in the history', async () => {
    const b = rig.t.db
      .prepare(`SELECT id, code, geom, minx, miny, maxx, maxy FROM buildings WHERE comune = 'E617'
      AND json_array_length(json_extract(geom, '$.coordinates[0]')) = 5 AND json_array_length(json_extract(geom, '$.coordinates')) = 1 ORDER BY id LIMIT 1 OFFSET 5`)
      .get() as { id: number; code: string; geom: string; minx: number; miny: number; maxx: number; maxy: number };
    const page = await rig.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    await login(page, rig.base, 'urbanista');
    await page.getByRole('searchbox').fill(b.code);
    await page.getByRole('searchbox').press('Enter');
    const dossier = page.getByRole('complementary', { name: 'Edificio Digitale' });
    await dossier.getByText(b.code).first().waitFor();
    await page.evaluate(
      ([lon, lat]) =>
        (window as unknown as { __edigit: { map: MapLike } }).__edigit.map.jumpTo({ center: [lon, lat], zoom: 19 }),
      [(b.minx + b.maxx) / 2, (b.miny + b.maxy) / 2],
    );
    await renderedCounts(page, ['buildings-0']);
    await dossier.getByRole('button', { name: 'Modifica impronta' }).click();
    await page.getByRole('toolbar', { name: 'Modifica impronta' }).waitFor();
    await page.waitForTimeout(300);
    const corner = (JSON.parse(b.geom) as { coordinates: [number, number][][] }).coordinates[0]![0]!;
    const canvas = (await page.locator('.maplibregl-canvas').boundingBox())!;
    const pt = await page.evaluate(
      (c) => (window as unknown as { __edigit: { map: MapLike } }).__edigit.map.project(c),
      corner,
    );
    const [x, y] = [canvas.x + pt.x, canvas.y + pt.y];
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(x - 3 * i, y + 3 * i);
    await page.mouse.up();
    await page.screenshot({ path: join(import.meta.dirname, '..', 'artifacts', 'footprint-edit.png') });
    await page.getByRole('button', { name: 'Salva impronta' }).click();
    await page.getByRole('toolbar', { name: 'Modifica impronta' }).waitFor({ state: 'detached' });
    const after = rig.t.db.prepare('SELECT geom, minx, miny FROM buildings WHERE id = ?').get(b.id) as {
      geom: string;
      minx: number;
      miny: number;
    };
    expect(after.geom).not.toBe(b.geom);
    expect(after.minx).toBeLessThan(b.minx); // the corner moved west and south
    expect(after.miny).toBeLessThan(b.miny);
    const h = rig.t.db
      .prepare(
        "SELECT username, after FROM history WHERE entity = 'building' AND entity_id = ? ORDER BY id DESC LIMIT 1",
      )
      .get(b.id) as { username: string; after: string };
    expect(h.username).toBe('urbanista');
    expect(JSON.parse(h.after).footprint.type).toBe('Polygon');
    expect(errors).toEqual([]);
    await page.close();
  });
});
