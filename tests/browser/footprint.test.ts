import { join } from 'node:path';
import { pointOnFeature } from '@turf/turf';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, centreMapOn, login, renderedCounts, startRig, watchErrors } from '../helpers/browser.ts';

let rig: BrowserRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.close();
});

type MapLike = { project(p: [number, number]): { x: number; y: number } };
interface BuildingRow {
  id: number;
  code: string;
  geom: string;
  minx: number;
  miny: number;
  maxx: number;
  maxy: number;
}

/** A simple quadrilateral footprint of E617; `neighbours` says whether another building stands within ~15 m. */
function quadrilateral(neighbours: boolean): BuildingRow {
  return rig.t.db
    .prepare(`SELECT b.id, b.code, b.geom, b.minx, b.miny, b.maxx, b.maxy FROM buildings b WHERE b.comune = 'E617'
      AND json_array_length(json_extract(b.geom, '$.coordinates[0]')) = 5
      AND json_array_length(json_extract(b.geom, '$.coordinates')) = 1
      AND ${neighbours ? '' : 'NOT'} EXISTS (SELECT 1 FROM buildings_rtree r WHERE r.id <> b.id
        AND r.minx <= b.maxx + 2e-4 AND r.maxx >= b.minx - 2e-4 AND r.miny <= b.maxy + 2e-4 AND r.maxy >= b.miny - 2e-4)
      ORDER BY b.id LIMIT 1`)
    .get() as unknown as BuildingRow;
}

/** Opens the building's dossier from the search box and starts editing its footprint at street zoom. */
async function editFootprintOf(page: Page, b: BuildingRow) {
  await login(page, rig.base, 'urbanista');
  await page.getByRole('searchbox').fill(b.code);
  await page.getByRole('searchbox').press('Enter');
  const dossier = page.getByRole('complementary', { name: 'Edificio Digitale' });
  await dossier.getByText(b.code).first().waitFor();
  await centreMapOn(page, b, 19);
  await renderedCounts(page, ['buildings-0']);
  await dossier.getByRole('button', { name: 'Modifica impronta' }).click();
  await page.getByRole('toolbar', { name: 'Modifica impronta' }).waitFor();
  await page.waitForTimeout(300);
}

/** Page coordinates of a lon/lat on the map. */
async function onScreen(page: Page, lonLat: [number, number]): Promise<[number, number]> {
  const canvas = (await page.locator('.maplibregl-canvas').boundingBox())!;
  const pt = await page.evaluate(
    (c) => (window as unknown as { __edigit: { map: MapLike } }).__edigit.map.project(c),
    lonLat,
  );
  return [canvas.x + pt.x, canvas.y + pt.y];
}

async function drag(page: Page, [x, y]: [number, number], [tx, ty]: [number, number]) {
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(x + ((tx - x) * i) / 10, y + ((ty - y) * i) / 10);
  await page.mouse.up();
}

describe('footprint editing (terra-draw), in Chromium', () => {
  it('a planner drags a corner of the footprint and saves it: stored, validated, in the history', async () => {
    const b = quadrilateral(false);
    const page = await rig.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    await editFootprintOf(page, b);
    const corner = (JSON.parse(b.geom) as { coordinates: [number, number][][] }).coordinates[0]![0]!;
    const [x, y] = await onScreen(page, corner);
    await drag(page, [x, y], [x - 30, y + 30]);
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

  it('a corner dragged into the neighbour: refused, the overlap shown in red, the edit kept to fix', async () => {
    const b = quadrilateral(true);
    const neighbour = rig.t.db
      .prepare(`SELECT b.code, b.geom FROM buildings b JOIN buildings_rtree r ON r.id = b.id WHERE b.id <> ?
        AND r.minx <= ? AND r.maxx >= ? AND r.miny <= ? AND r.maxy >= ? ORDER BY b.id LIMIT 1`)
      .get(b.id, b.maxx + 2e-4, b.minx - 2e-4, b.maxy + 2e-4, b.miny - 2e-4) as { code: string; geom: string };
    const inside = pointOnFeature(JSON.parse(neighbour.geom)).geometry.coordinates as [number, number];
    const versions = () => rig.t.db.prepare('SELECT geom, version FROM buildings WHERE id = ?').get(b.id);
    const stored = versions();
    const page = await rig.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    await editFootprintOf(page, b);
    // the corner nearest the neighbour, dragged into it: the shape stays simple, only the overlap is wrong
    const ring = (JSON.parse(b.geom) as { coordinates: [number, number][][] }).coordinates[0]!;
    const distance = ([x, y]: [number, number]) => Math.hypot(x - inside[0], y - inside[1]);
    const corner = ring.reduce((a, c) => (distance(c) < distance(a) ? c : a));
    await drag(page, await onScreen(page, corner), await onScreen(page, inside));
    await page.getByRole('button', { name: 'Salva impronta' }).click();
    const alert = page.getByRole('toolbar', { name: 'Modifica impronta' }).getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      new RegExp(
        `^L'impronta si sovrappone ad altri edifici: .*si sovrappone per [\\d,]+ m² all'edificio ${neighbour.code}`,
      ),
    );
    expect((await renderedCounts(page, ['geometry-problems-fill']))['geometry-problems-fill']).toBeGreaterThan(0);
    await page.screenshot({ path: join(import.meta.dirname, '..', 'artifacts', 'footprint-overlap.png') });
    // still editing the user's shape: the dragged corner is where they left it
    const edited = await page.evaluate(() => {
      const draw = (
        window as unknown as { __edigitDraw: { getSnapshot(): { geometry: { coordinates: number[][][] } }[] } }
      ).__edigitDraw;
      return draw.getSnapshot().find((f) => f.geometry.coordinates)!.geometry.coordinates[0]!;
    });
    expect(edited.some(([lon, lat]) => Math.abs(lon! - inside[0]) < 2e-6 && Math.abs(lat! - inside[1]) < 2e-6)).toBe(
      true,
    );
    expect(versions()).toEqual(stored);
    await page.getByRole('button', { name: 'Annulla' }).click();
    await page.getByRole('toolbar', { name: 'Modifica impronta' }).waitFor({ state: 'detached' });
    expect((await renderedCounts(page, ['geometry-problems-fill']))['geometry-problems-fill']).toBe(0);
    expect(versions()).toEqual(stored);
    expect(errors).toEqual([expect.stringMatching(/^HTTP 422: PATCH .*\/api\/buildings\/\d+$/)]);
    await page.close();
  });
});
