import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, login, renderedCounts, startRig, watchErrors } from '../helpers/browser.ts';
import { ROOT } from '../helpers/test-app.ts';

const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
let rig: BrowserRig;
let cookie: string;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  rig = await startRig();
  cookie = await rig.t.login('tributi');
});
afterAll(async () => {
  await rig?.close();
});

interface Item {
  id: number;
  rule: number;
  claimable_eur: number;
  building_id: number | null;
  state: string;
  evidence: { summary: string; difference?: number };
}
async function findings(query: string): Promise<Item[]> {
  return (await (await rig.t.request(`/api/audit/findings?comune=E617&limit=500&${query}`, { cookie })).json()).items;
}

const euros = (s: string) => Number(s.replace(/[^\d,]/g, '').replace(',', '.'));
const rowsOf = (page: Page) => page.getByRole('region', { name: 'Recupero tributi' }).locator('tbody tr[data-index]');

async function openWorklist(page: Page, rule: string) {
  await page.getByRole('button', { name: 'Recupero tributi' }).click();
  const panel = page.getByRole('region', { name: 'Recupero tributi' });
  await panel.getByLabel('Regola').selectOption(rule);
  await panel.getByRole('button', { name: 'Filtra' }).click();
  await page.waitForFunction((r) => {
    const cells = [...document.querySelectorAll('.worklist tbody tr[data-index] td:nth-child(3)')].map(
      (c) => c.textContent,
    );
    return cells.length > 0 && cells.every((c) => c === r);
  }, rule);
  return panel;
}

describe("the tax office's worklist on the map, in Chromium, against the real audit", () => {
  // First, as on a fresh installation: no findings until the tax office runs the audit from the worklist.
  it('tributi starts the audit from the empty worklist and the findings appear', async () => {
    const page = await rig.browser.newPage({ viewport: { width: 1500, height: 950 } });
    const errors = watchErrors(page);
    await login(page, rig.base, 'tributi');
    await page.getByRole('button', { name: 'Recupero tributi' }).click();
    const panel = page.getByRole('region', { name: 'Recupero tributi' });
    await panel.getByText('Nessuna segnalazione con questi filtri (per cercarne: «Esegui la verifica»)').waitFor();
    await panel.getByRole('button', { name: 'Esegui la verifica' }).click();
    await rowsOf(page).first().waitFor({ timeout: 120_000 });
    await expect(panel.getByRole('button', { name: 'Esegui la verifica' }).isEnabled()).resolves.toBe(true);
    const all = await findings('');
    expect(await rowsOf(page).count()).toBe(Math.min(all.length, 100));
    const runs = rig.t.db.prepare('SELECT status, username FROM audit_runs').all();
    expect(runs).toEqual([{ status: 'done', username: 'tributi' }]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('tributi: rule 2, the top finding and its evidence, in_istruttoria, still so after a reload', async () => {
    const page = await rig.browser.newPage({ viewport: { width: 1500, height: 950 } });
    const errors = watchErrors(page);
    await login(page, rig.base, 'tributi');
    await page.getByRole('button', { name: 'Recupero tributi' }).click();
    const panel = page.getByRole('region', { name: 'Recupero tributi' });
    await rowsOf(page).first().waitFor();
    // Sorted by claimable €, highest first.
    const amounts = (await rowsOf(page).locator('td:nth-child(2)').allTextContents()).map(euros);
    expect(amounts.length).toBeGreaterThan(5);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    await page.getByRole('button', { name: 'Recupero tributi' }).click(); // closes; reopened with the filter below

    await openWorklist(page, '2');
    const expected = await findings('rule=2');
    const top = expected[0]!;
    // One page of 100, then the rest on request.
    expect(expected.length).toBeGreaterThan(100);
    expect(await rowsOf(page).count()).toBe(100);
    await panel.getByRole('button', { name: 'Mostra altre' }).click();
    await page.waitForFunction(
      (n) => document.querySelectorAll('.worklist tbody tr[data-index]').length === n,
      expected.length,
    );
    await expect(rowsOf(page).first().getByRole('checkbox').getAttribute('aria-label')).resolves.toBe(
      `Seleziona la segnalazione ${top.id}`,
    );

    // Keyboard: down, up, Enter opens the highlighted (top) finding.
    const grid = panel.getByRole('grid');
    await grid.focus();
    await page.keyboard.press('ArrowDown');
    await expect(rowsOf(page).nth(1).getAttribute('aria-selected')).resolves.toBe('true');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    const finding = page.getByTestId('finding');
    await finding.getByText(`Segnalazione n. ${top.id}`).waitFor();
    const evidence = finding.getByTestId('evidence');
    await evidence.getByText(top.evidence.summary).waitFor();
    await expect(evidence.locator('tr.difference').textContent()).resolves.toBe(
      `Differenza da recuperare${top.evidence.difference!.toLocaleString('it-IT', { maximumFractionDigits: 2 })}`,
    );
    await expect(finding.getByTestId('steps').textContent()).resolves.toContain('L. 160/2019');

    // The dossier of its building opens beside it, and the map flies there.
    const b = rig.t.db
      .prepare('SELECT code, minx, miny, maxx, maxy FROM buildings WHERE id = ?')
      .get(top.building_id!) as { code: string; minx: number; miny: number; maxx: number; maxy: number };
    const dossier = page.getByRole('complementary', { name: 'Edificio Digitale' });
    await dossier.getByText(b.code).first().waitFor();
    await page.waitForFunction(
      ([x, y]) => {
        const m = (
          window as unknown as {
            __edigit: {
              map: { getBounds(): { contains(p: [number, number]): boolean }; getZoom(): number; isMoving(): boolean };
            };
          }
        ).__edigit.map;
        return !m.isMoving() && m.getZoom() > 16 && m.getBounds().contains([x!, y!]);
      },
      [(b.minx + b.maxx) / 2, (b.miny + b.maxy) / 2],
      { timeout: 15_000 },
    );

    await finding.getByLabel('Nuovo stato').selectOption('in_istruttoria');
    await finding.getByLabel('Nota').fill("Avviata l'istruttoria: chiesti i versamenti al contribuente");
    await finding.getByRole('button', { name: 'Salva' }).click();
    await finding.getByText('Segnalazione aggiornata').waitFor();
    await expect(finding.getByTestId('finding-state').textContent()).resolves.toBe('in istruttoria');
    await finding.getByText("Avviata l'istruttoria: chiesti i versamenti al contribuente").waitFor();
    await renderedCounts(page, ['buildings-0']);
    await page.screenshot({ path: join(ARTIFACTS, 'tax-worklist-finding.png') });
    await page.keyboard.press('Escape');
    await expect(rowsOf(page).first().locator('.finding-state').textContent()).resolves.toBe('in istruttoria');

    await page.reload();
    await page.waitForSelector('.maplibregl-canvas');
    await openWorklist(page, '2');
    const row = rowsOf(page).filter({
      has: page.getByRole('checkbox', { name: `Seleziona la segnalazione ${top.id}`, exact: true }),
    });
    await expect(row.locator('.finding-state').textContent()).resolves.toBe('in istruttoria');
    await row.click();
    await expect(page.getByTestId('finding-state').textContent()).resolves.toBe('in istruttoria');
    await page.getByTestId('finding').getByText('da verificare → in istruttoria').waitFor();
    expect((await findings('state=in_istruttoria')).map((f) => f.id)).toEqual([top.id]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says so when someone else changed the finding first (412), and reloads it', async () => {
    const page = await rig.browser.newPage({ viewport: { width: 1500, height: 950 } });
    const errors = watchErrors(page);
    await login(page, rig.base, 'tributi');
    await openWorklist(page, '1');
    await rowsOf(page).first().click();
    const finding = page.getByTestId('finding');
    await finding.getByTestId('evidence').waitFor();
    const id = Number((await finding.getByRole('heading').first().textContent())!.replace(/\D/g, ''));
    rig.t.db.prepare('UPDATE audit_findings SET version = version + 1 WHERE id = ?').run(id); // another user's save
    await finding.getByLabel('Nota').fill('la mia nota');
    await finding.getByRole('button', { name: 'Salva' }).click();
    await finding.getByText(/Conflitto: un altro utente ha modificato la segnalazione/).waitFor();
    await finding.getByRole('button', { name: 'Ricarica scheda' }).click();
    await finding.getByLabel('Nota').fill('la mia nota, ripetuta');
    await finding.getByRole('button', { name: 'Salva' }).click();
    await finding.getByText('Segnalazione aggiornata').waitFor();
    expect(errors).toEqual([expect.stringMatching(/^HTTP 412: PATCH .*\/api\/audit\/findings\/\d+$/)]);
    await page.close();
  });

  it('assigns in bulk, exports CSV and GeoPackage, filters by an area, shows dashboard and choropleth', async () => {
    const page = await rig.browser.newPage({ viewport: { width: 1500, height: 950 }, acceptDownloads: true });
    const errors = watchErrors(page);
    await login(page, rig.base, 'tributi');
    const panel = await openWorklist(page, '4');
    const ids = (await findings('rule=4')).slice(0, 2).map((f) => f.id);
    for (const id of ids)
      await panel.getByRole('checkbox', { name: `Seleziona la segnalazione ${id}`, exact: true }).check();
    await panel.getByLabel('Assegna a (utente)').fill('tributi');
    await panel.getByRole('button', { name: 'Assegna', exact: true }).click();
    await panel.getByText('Segnalazioni assegnate: 2').waitFor();
    expect((await findings('assignee=tributi')).map((f) => f.id).sort()).toEqual([...ids].sort());

    const csv = page.waitForEvent('download');
    await panel.getByRole('link', { name: 'CSV' }).click();
    const csvFile = join(rig.t.dir, 'worklist.csv');
    await (await csv).saveAs(csvFile);
    const lines = readFileSync(csvFile, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      [
        'id,regola,anno,foglio,unita,edificio,particella,soggetto,codice_fiscale',
        'importo_eur,recuperabile_eur,stato,assegnatario,descrizione',
      ].join(','),
    );
    expect(lines.length - 1).toBe((await findings('rule=4')).length);

    await panel.getByRole('button', { name: 'GeoPackage' }).click();
    const dialog = page.getByRole('dialog', { name: 'Esporta GeoPackage' });
    await expect(
      dialog.getByRole('checkbox', { name: /Segnalazioni della verifica tributaria/ }).isChecked(),
    ).resolves.toBe(true);
    await dialog.getByText("L'esportazione contiene dati personali e viene registrata.").waitFor();
    const gpkg = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Esporta' }).click();
    await (await gpkg).saveAs(join(rig.t.dir, 'worklist.gpkg'));
    await dialog.getByText(`Esportazione completata: audit_findings ${(await findings('rule=4')).length}`).waitFor();
    await dialog.getByRole('button', { name: 'Chiudi' }).click();

    // An area drawn on the map around one finding's building narrows the list to the findings inside it.
    const all = await rowsOf(page).count();
    const target = (await findings('rule=4')).find((f) => f.building_id !== null)!;
    const tb = rig.t.db
      .prepare('SELECT minx, miny, maxx, maxy FROM buildings WHERE id = ?')
      .get(target.building_id!) as { minx: number; miny: number; maxx: number; maxy: number };
    const centre = await page.evaluate(
      ([x, y]) => {
        const m = (
          window as unknown as {
            __edigit: { map: { jumpTo(o: object): void; project(p: [number, number]): { x: number; y: number } } };
          }
        ).__edigit.map;
        m.jumpTo({ center: [x, y], zoom: 18 });
        const p = m.project([x!, y!]);
        return { x: p.x, y: p.y };
      },
      [(tb.minx + tb.maxx) / 2, (tb.miny + tb.maxy) / 2],
    );
    await panel.getByRole('button', { name: "Disegna un'area sulla mappa" }).click();
    const box = (await page.getByTestId('map').boundingBox())!;
    const at = (dx: number, dy: number) => [box.x + centre.x + dx, box.y + centre.y + dy] as const;
    for (const [dx, dy] of [
      [-40, -40],
      [40, -40],
      [40, 40],
      [-40, 40],
    ] as const) {
      await page.mouse.move(...at(dx, dy));
      await page.mouse.click(...at(dx, dy));
    }
    await panel.getByRole('button', { name: 'Fine', exact: true }).click(); // closes the shape, as Enter does
    await panel.getByRole('button', { name: "Togli l'area disegnata" }).waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('.worklist tbody tr[data-index]').length < n, all);
    await panel.getByRole('checkbox', { name: `Seleziona la segnalazione ${target.id}`, exact: true }).waitFor();

    await panel.getByRole('tab', { name: 'Cruscotto' }).click();
    const dashboard = page.getByTestId('dashboard');
    for (const chart of ['chart-rule', 'chart-year', 'chart-pipeline']) {
      await dashboard.getByTestId(chart).locator('svg').first().waitFor();
    }
    expect(await dashboard.getByTestId('chart-rule').locator('rect').count()).toBeGreaterThanOrEqual(6);
    const counts = await renderedCounts(page, ['audit-foglio-choropleth', 'parcels-0']);
    expect(counts['audit-foglio-choropleth']).toBeGreaterThan(0);
    await page.getByRole('checkbox', { name: 'Recupero tributi' }).check();
    expect((await renderedCounts(page, ['tax-recovery-0']))['tax-recovery-0']).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'tax-dashboard.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('urbanista sees neither the tax layers nor the worklist, and the API refuses the findings', async () => {
    const page = await rig.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    await login(page, rig.base, 'urbanista');
    await renderedCounts(page, ['buildings-0']);
    expect(await page.getByRole('button', { name: 'Recupero tributi' }).count()).toBe(0);
    expect(await page.getByRole('checkbox', { name: 'Recupero tributi' }).count()).toBe(0);
    expect(await page.getByRole('checkbox', { name: 'Segnalazioni della verifica tributaria' }).count()).toBe(0);
    await page.getByRole('checkbox', { name: 'Edifici' }).waitFor(); // the panel is there, without them
    const status = await page.evaluate(async () => {
      const layers = (await (await fetch('/api/layers')).json()).layers.map((l: { id: string }) => l.id);
      return { layers, findings: (await fetch('/api/audit/findings?comune=E617')).status };
    });
    expect(status.layers).not.toContain('tax-recovery');
    expect(status.layers).not.toContain('audit-findings');
    expect(status.findings).toBe(403);
    expect(errors).toEqual([expect.stringMatching(/^HTTP 403: GET .*\/api\/audit\/findings\?comune=E617$/)]);
    await page.screenshot({ path: join(ARTIFACTS, 'tax-urbanista.png') });
    await page.close();
  });
});
