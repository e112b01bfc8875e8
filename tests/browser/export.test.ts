import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, login, renderedCounts, startRig, watchErrors } from '../helpers/browser.ts';
import { HAS_GDAL, ogrinfo, validateGpkg } from '../helpers/gdal.ts';

let rig: BrowserRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.close();
});

describe('export from the map, in Chromium', () => {
  it('exports the current view in Monte Mario with a progress bar, and the file downloads', async () => {
    const page = await rig.browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    const errors = watchErrors(page);
    await login(page, rig.base, 'urbanista');
    await renderedCounts(page, ['buildings-0']);
    await page.evaluate(() =>
      (window as unknown as { __edigit: { map: { zoomTo(z: number, o: object): void } } }).__edigit.map.zoomTo(16, {
        duration: 0,
      }),
    );
    await page.getByRole('button', { name: 'Esporta' }).click();
    const dialog = page.getByRole('dialog', { name: 'Esporta GeoPackage' });
    await dialog.getByLabel('Vista corrente').check();
    await dialog.getByLabel('Sistema di riferimento').selectOption('EPSG:3003');
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Esporta' }).click();
    const file = join(rig.t.dir, 'view.gpkg');
    await (await download).saveAs(file);
    await dialog.getByText('Esportazione completata').waitFor();
    if (HAS_GDAL) {
      expect(validateGpkg(file).code).toBe(0);
      const buildings = ogrinfo(file).find((l) => l.name === 'buildings')!;
      expect(buildings.epsg).toBe(3003);
      expect(buildings.count).toBeGreaterThan(0);
      expect(buildings.count).toBeLessThan(
        (rig.t.db.prepare("SELECT count(*) n FROM buildings WHERE comune = 'E617'").get() as { n: number }).n,
      );
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('exports a polygon drawn on the map, edited after closing it', async () => {
    const page = await rig.browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    const errors = watchErrors(page);
    await login(page, rig.base, 'urbanista');
    await renderedCounts(page, ['buildings-0']);
    await page.getByRole('button', { name: 'Esporta' }).click();
    const dialog = page.getByRole('dialog', { name: 'Esporta GeoPackage' });
    await dialog.getByLabel('Poligono disegnato').check();
    await dialog.getByRole('button', { name: 'Disegna sulla mappa' }).click();
    const box = (await page.getByTestId('map').boundingBox())!;
    const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
    const corners = [
      [0.45, 0.4],
      [0.7, 0.4],
      [0.7, 0.7],
      [0.45, 0.7],
    ] as const;
    for (const [fx, fy] of corners) {
      await page.mouse.move(...at(fx, fy));
      await page.mouse.click(...at(fx, fy));
    }
    await page.mouse.move(...at(0.45, 0.4));
    await page.mouse.click(...at(0.45, 0.4)); // on the first vertex: closes the shape
    await dialog.getByText('✓').waitFor();
    // the drawing owned the clicks: no dossier opened under a vertex; the shape stays on the map
    expect(await page.getByRole('complementary', { name: 'Edificio Digitale' }).count()).toBe(0);
    const shapeShown = () =>
      page.evaluate(
        () =>
          !!(window as unknown as { __edigit: { map: { getLayer(id: string): unknown } } }).__edigit.map.getLayer(
            'draw-area-polygon',
          ),
      );
    expect(await shapeShown()).toBe(true);
    // still editable: the third corner dragged outwards, and the export takes the edited shape
    const [x, y] = at(0.7, 0.7);
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(x + 5 * i, y + 5 * i);
    await page.mouse.up();
    const dragged = await page.evaluate(
      ([px, py]) =>
        (
          window as unknown as { __edigit: { map: { unproject(p: [number, number]): { lng: number; lat: number } } } }
        ).__edigit.map.unproject([px!, py!]),
      [x + 50 - box.x, y + 50 - box.y],
    );
    const request = page.waitForRequest((r) => r.url().endsWith('/api/exports') && r.method() === 'POST');
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Esporta' }).click();
    const area = ((await request).postDataJSON() as { area: { polygon: GeoJSON.Polygon } }).area.polygon;
    const moved = area.coordinates[0]!.find(
      ([lon, lat]) => Math.abs(lon! - dragged.lng) < 1e-4 && Math.abs(lat! - dragged.lat) < 1e-4,
    );
    expect(moved).toBeDefined();
    expect(area.coordinates[0]).toHaveLength(5);
    const file = join(rig.t.dir, 'polygon.gpkg');
    await (await download).saveAs(file);
    if (HAS_GDAL) expect(validateGpkg(file).code).toBe(0);
    await page.screenshot({ path: join(import.meta.dirname, '..', 'artifacts', 'export-dialog.png') });
    // closing the dialog takes the shape away
    await dialog.getByRole('button', { name: 'Chiudi' }).click();
    expect(await shapeShown()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });
});
