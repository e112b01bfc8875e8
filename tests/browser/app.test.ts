import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, centreMapOn, login, renderedCounts, startRig, watchErrors } from '../helpers/browser.ts';
import { ROOT } from '../helpers/test-app.ts';

const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
let rig: BrowserRig;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  rig = await startRig();
});
afterAll(async () => {
  await rig?.close();
});

/** A rectangular Lissone building with units: clicking the centre of the view lands on it. */
function target() {
  return rig.t.db
    .prepare(`SELECT b.id, b.code, b.minx, b.miny, b.maxx, b.maxy, p.foglio, p.particella FROM buildings b
    JOIN building_parcels bp ON bp.building_id = b.id JOIN parcels p ON p.id = bp.parcel_id
    WHERE b.comune = 'E617' AND json_array_length(json_extract(b.geom, '$.coordinates[0]')) = 5
      AND json_array_length(json_extract(b.geom, '$.coordinates')) = 1
      AND EXISTS (SELECT 1 FROM units u WHERE u.building_id = b.id) ORDER BY b.id LIMIT 1 OFFSET 3`)
    .get() as {
    id: number;
    code: string;
    minx: number;
    miny: number;
    maxx: number;
    maxy: number;
    foglio: string;
    particella: string;
  };
}

describe('in Chromium', () => {
  it('opens every page without errors (smoke)', async () => {
    const page = await rig.browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${rig.base}/`);
    await page.getByRole('button', { name: 'Accedi' }).waitFor();
    await login(page, rig.base, 'consultazione');
    // it opens where the cadastre draws (parcels and buildings from z13), not just below it
    const zoom = await page.evaluate(() =>
      (window as unknown as { __edigit: { map: { getZoom(): number } } }).__edigit.map.getZoom(),
    );
    expect(zoom).toBeGreaterThanOrEqual(13);
    await renderedCounts(page, ['buildings-0']);
    await page.getByRole('button', { name: 'Esci' }).click();
    await page.getByRole('button', { name: 'Accedi' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says in Italian when the server cannot be reached, and retries', async () => {
    const page = await rig.browser.newPage();
    await page.route('**/api/session', (route) => route.abort('connectionrefused'));
    await page.goto(`${rig.base}/`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect((await alert.textContent())?.trim()).toMatch(
      /^Server non raggiungibile: controllare la connessione e riprovare/,
    );
    expect(await page.getByText('Failed to fetch').count()).toBe(0);
    await page.unroute('**/api/session');
    await page.getByRole('button', { name: 'Riprova' }).click();
    await page.getByRole('button', { name: 'Accedi' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();
  });

  it('fits a tablet (1024×768, touch): nothing overflows, and a tap on a building opens its dossier', async () => {
    const page = await rig.browser.newPage({ viewport: { width: 1024, height: 768 }, hasTouch: true });
    await login(page, rig.base, 'urbanista');
    await renderedCounts(page, ['buildings-0']);
    const [scroll, client] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      document.documentElement.clientWidth,
    ]);
    expect(scroll).toBe(client);
    for (const name of ['Esporta', 'Esci']) {
      const box = (await page.getByRole('button', { name, exact: true }).boundingBox())!;
      expect(box.x + box.width, name).toBeLessThanOrEqual(1024);
    }
    const b = target();
    await centreMapOn(page, b, 18.5);
    await renderedCounts(page, ['buildings-0']);
    const map = (await page.getByTestId('map').boundingBox())!;
    await page.touchscreen.tap(map.x + map.width / 2, map.y + map.height / 2);
    const dossier = page.getByRole('complementary', { name: 'Edificio Digitale' });
    await dossier.getByText(b.code).first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'tablet-dossier.png') });
    await page.close();
  });

  it('suggests as you type, whatever the case, and picks a suggestion with the arrow keys and Enter', async () => {
    const page = await rig.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await login(page, rig.base, 'urbanista');
    const street = (
      rig.t.db.prepare("SELECT name FROM streets WHERE comune = 'E617' ORDER BY id LIMIT 1").get() as {
        name: string;
      }
    ).name;
    const word = street.split(' ').at(-1)!;
    const box = page.getByRole('searchbox');
    await box.pressSequentially(word.slice(0, 4).toUpperCase(), { delay: 30 }); // no Enter: suggestions come
    const suggestions = page.getByRole('list', { name: 'Suggerimenti' });
    await suggestions.waitFor();
    await expect.poll(() => suggestions.textContent()).toContain(word);
    await box.press('ArrowDown');
    await page.keyboard.press('Enter');
    await suggestions.waitFor({ state: 'detached' });
    // one character is not enough to ask
    await box.fill('');
    await box.pressSequentially('V');
    await page.waitForTimeout(400);
    expect(await suggestions.count()).toBe(0);
    await page.close();
  });

  it('opens a building from the map with the keyboard: Tab to the map, arrows, Enter; Esc closes it', async () => {
    const b = rig.t.db
      .prepare(`SELECT code, minx, miny, maxx, maxy FROM buildings WHERE comune = 'E617'
        AND json_array_length(json_extract(geom, '$.coordinates')) = 1 ORDER BY id LIMIT 1 OFFSET 10`)
      .get() as { code: string; minx: number; miny: number; maxx: number; maxy: number };
    const page = await rig.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    await login(page, rig.base, 'urbanista');
    await renderedCounts(page, ['buildings-0']);
    // the building one arrow-key pan east of the centre (MapLibre pans 100 px per key)
    await page.evaluate(
      ([x, y]) => {
        const map = (
          window as unknown as {
            __edigit: {
              map: {
                jumpTo(o: object): void;
                project(p: [number, number]): { x: number; y: number };
                unproject(p: [number, number]): { lng: number; lat: number };
              };
            };
          }
        ).__edigit.map;
        map.jumpTo({ center: [x, y], zoom: 19 });
        const c = map.project([x!, y!]);
        map.jumpTo({ center: map.unproject([c.x - 100, c.y]) });
      },
      [(b.minx + b.maxx) / 2, (b.miny + b.maxy) / 2],
    );
    await renderedCounts(page, ['buildings-0']);
    const canvas = page.locator('.maplibregl-canvas');
    for (let i = 0; i < 40 && !(await canvas.evaluate((c) => c === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    await expect.poll(() => canvas.evaluate((c) => c === document.activeElement)).toBe(true);
    // focus is visible on what the keyboard reached: the accent outline of app.css
    await page.keyboard.press('Shift+Tab');
    const outline = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { tag: el.tagName, style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
    });
    expect(outline.style).toBe('solid');
    expect(outline.width).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Tab');
    await expect.poll(() => canvas.evaluate((c) => c === document.activeElement)).toBe(true);
    const status = page.getByTestId('map-keyboard-status');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => status.textContent()).toContain(`edificio ${b.code}`);
    expect(await page.locator('.keyboard-crosshair').isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'map-keyboard.png') });
    await page.keyboard.press('Enter');
    const dossier = page.getByRole('complementary', { name: 'Edificio Digitale' });
    await dossier.getByText(b.code).first().waitFor();
    await page.keyboard.press('Escape');
    await dossier.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a clear message on wrong credentials', async () => {
    const page = await rig.browser.newPage();
    await page.goto(`${rig.base}/`);
    await page.getByLabel('Nome utente').fill('urbanista');
    await page.getByLabel('Password').fill('sbagliata');
    await page.getByRole('button', { name: 'Accedi' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/password errati/);
    await page.close();
  });

  it(
    'planner: map draws parcels and buildings, click opens the dossier, ' + 'an edit is saved and survives a reload',
    async () => {
      const page = await rig.browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors = watchErrors(page);
      await login(page, rig.base, 'urbanista');
      const counts = await renderedCounts(page, ['parcels-0', 'buildings-0']);
      expect(counts['parcels-0']).toBeGreaterThan(50);
      expect(counts['buildings-0']).toBeGreaterThan(20);

      const b = target();
      await centreMapOn(page, b, 18.5);
      await renderedCounts(page, ['buildings-0']);
      await page.screenshot({ path: join(ARTIFACTS, 'map-zoomed.png') });
      const box = (await page.getByTestId('map').boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      const dossier = page.getByRole('complementary', { name: 'Edificio Digitale' });
      await dossier.getByText(b.code).first().waitFor();
      await expect(dossier.textContent()).resolves.toContain(`E617 fg. ${b.foglio} part. ${b.particella}`);

      const note = `Sopralluogo del ${new Date().toISOString().slice(0, 10)}: copertura da rifare`;
      await dossier.getByRole('button', { name: 'Modifica', exact: true }).click();
      await dossier.getByLabel('Nota').fill(note);
      await dossier.getByLabel("Destinazione d'uso").selectOption('produttivo');
      // Text in a number field: refused beside it, nothing sent, what was typed stays.
      const floors = dossier.getByLabel('Piani fuori terra');
      const floorsBefore = await floors.inputValue();
      await floors.fill('abc');
      await dossier.getByRole('button', { name: 'Salva' }).click();
      await dossier.getByText('non è un numero: scrivere ad esempio 3').waitFor();
      expect([await floors.inputValue(), await floors.getAttribute('aria-invalid')]).toEqual(['abc', 'true']);
      expect(
        rig.t.db.prepare("SELECT count(*) n FROM history WHERE entity = 'building' AND entity_id = ?").get(b.id),
      ).toEqual({ n: 0 });
      await floors.fill(floorsBefore);
      await dossier.getByLabel('Anno di costruzione').fill('3000');
      await dossier.getByRole('button', { name: 'Salva' }).click();
      await dossier.getByText('anno nel futuro').waitFor(); // the server's reason, next to the field
      await dossier.getByLabel('Anno di costruzione').fill('1968');
      await dossier.getByRole('button', { name: 'Salva' }).click();
      await dossier.getByText('Modifiche salvate').waitFor();
      await dossier.getByText(note).first().waitFor();
      // The history entry: who, and each field before → after.
      const entry = dossier.locator('section', { hasText: 'Storico modifiche' }).locator('.row').first();
      await expect(entry.locator('small').textContent()).resolves.toMatch(/ — urbanista$/);
      await expect(entry.locator('.change', { hasText: 'year_built' }).textContent()).resolves.toContain('→ 1968');
      // The map shows the change: the building's tile feature now says "produttivo".
      await page.waitForFunction(
        (id) => {
          const m = (
            window as unknown as {
              __edigit: {
                map: { querySourceFeatures(s: string, o: object): { id: number; properties: { use: string } }[] };
              };
            }
          ).__edigit.map;
          return m
            .querySourceFeatures('buildings', { sourceLayer: 'buildings' })
            .some((f) => f.id === id && f.properties.use === 'produttivo');
        },
        b.id,
        { timeout: 15_000 },
      );
      await page.screenshot({ path: join(ARTIFACTS, 'dossier-saved.png') });

      await page.reload();
      await page.waitForSelector('.maplibregl-canvas');
      await page.getByRole('searchbox').fill(b.code);
      await page.getByRole('searchbox').press('Enter');
      await dossier.getByText(note).first().waitFor();
      await expect(dossier.textContent()).resolves.toContain('1968');
      expect(errors.filter((e) => !/^HTTP 422: PATCH/.test(e))).toEqual([]); // the 422 is the refused year, on purpose
      await page.close();
    },
  );

  it('on a conflict keeps what the user typed beside the current values, and saves it over them', async () => {
    const page = await rig.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await login(page, rig.base, 'urbanista');
    const b = target();
    await page.getByRole('searchbox').fill(b.code);
    await page.getByRole('searchbox').press('Enter');
    const dossier = page.getByRole('complementary', { name: 'Edificio Digitale' });
    await dossier.getByRole('button', { name: 'Modifica', exact: true }).click();
    // another user's save
    rig.t.db.prepare("UPDATE buildings SET note = 'nota di un collega', version = version + 1 WHERE id = ?").run(b.id);
    await dossier.getByLabel('Nota').fill('la mia modifica');
    await dossier.getByRole('button', { name: 'Salva' }).click();
    await dossier.getByText(/^Conflitto: un altro utente ha modificato/).waitFor();
    expect(await dossier.getByLabel('Nota').inputValue()).toBe('la mia modifica');
    await dossier.getByText('sul server (note): nota di un collega').waitFor();
    await dossier.getByRole('button', { name: 'Salva' }).click();
    await dossier.getByText('Modifiche salvate').waitFor();
    const saved = rig.t.db.prepare('SELECT note FROM buildings WHERE id = ?').get(b.id) as { note: string };
    expect(saved.note).toBe('la mia modifica');
    // opened from the search with the keyboard, closed with Esc
    await page.keyboard.press('Escape');
    await dossier.waitFor({ state: 'detached' });
    expect(await page.getByRole('complementary', { name: 'Edificio Digitale' }).count()).toBe(0);
    await page.close();
  });

  it('tax office sees the tributi section; consultazione sees counts only and cannot edit', async () => {
    const b = target();
    for (const [user, tributi] of [
      ['tributi', true],
      ['consultazione', false],
    ] as const) {
      const page = await rig.browser.newPage({ viewport: { width: 1400, height: 900 } });
      await login(page, rig.base, user);
      await page.getByRole('searchbox').fill(b.code);
      await page.getByRole('searchbox').press('Enter');
      const dossier = page.getByRole('complementary', { name: 'Edificio Digitale' });
      await dossier.getByText(b.code).first().waitFor();
      await dossier.getByText('Unità immobiliari').waitFor();
      expect(await dossier.getByText(/Tributi \(IMU e TARI\)/).count()).toBe(tributi ? 1 : 0);
      expect(await dossier.getByRole('button', { name: 'Modifica', exact: true }).count()).toBe(0);
      if (!tributi) await dossier.getByText(/solo i conteggi/).waitFor();
      if (tributi) await page.screenshot({ path: join(ARTIFACTS, 'dossier-tributi.png') });
      await page.close();
    }
  });
});
