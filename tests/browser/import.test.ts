import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, login, startRig, watchErrors } from '../helpers/browser.ts';

const CXF = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'cadastre', 'H501D076700.CTF');
let rig: BrowserRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.close();
});

describe('import from the UI, in Chromium', () => {
  it('an admin checks a CXF sheet with a dry run, then imports it; others have no import button', async () => {
    const page = await rig.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors = watchErrors(page);
    await login(page, rig.base, 'admin');
    await page.getByRole('button', { name: 'Importa' }).click();
    const dialog = page.getByRole('dialog', { name: 'Importa dati' });
    await dialog.getByLabel('Formato').selectOption('cxf');
    await dialog.getByLabel('File', { exact: true }).setInputFiles(CXF);
    await dialog.getByLabel('Comune (Belfiore)').fill('H501');
    await dialog.getByLabel('Sistema di riferimento del file').fill('EPSG:7792');
    await dialog.getByRole('button', { name: 'Verifica (prova)' }).click();
    await dialog.getByText('Prova: nessuna modifica scritta').waitFor();
    await expect(dialog.getByRole('status').textContent()).resolves.toMatch(
      /particelle 381.*edifici 131|edifici 131.*particelle 381/s,
    );
    expect((rig.t.db.prepare("SELECT count(*) n FROM parcels WHERE comune = 'H501'").get() as { n: number }).n).toBe(0);
    await page.screenshot({ path: join(import.meta.dirname, '..', 'artifacts', 'import-dry-run.png') });
    await dialog.getByRole('button', { name: 'Importa', exact: true }).click();
    // the report of the real import stays on screen, and downloads
    await dialog.getByText('Importazione completata').waitFor();
    await expect(dialog.getByRole('status').textContent()).resolves.toMatch(/Aggiunti: .*particelle 381/s);
    expect((rig.t.db.prepare("SELECT count(*) n FROM parcels WHERE comune = 'H501'").get() as { n: number }).n).toBe(
      384,
    );
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Scarica il rapporto (CSV)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('rapporto-import-H501-applied.csv');
    const csv = readFileSync((await file.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\ufeffsezione;oggetto;motivo;messaggio;longitudine;latitudine');
    expect(csv).toMatch(/conteggio;aggiunti;;.*particelle 381/);
    // a new comune: the map shows it once reloaded, when the user asks
    const reload = page.waitForEvent('load');
    await dialog.getByRole('button', { name: 'Apri la mappa con il nuovo comune' }).click();
    await reload;
    await page.waitForSelector('.maplibregl-canvas');
    await expect(page.getByLabel('Comune').textContent()).resolves.toMatch(/Roma/);
    expect(errors).toEqual([]);
    await page.close();

    const other = await rig.browser.newPage();
    await login(other, rig.base, 'urbanista');
    expect(await other.getByRole('button', { name: 'Importa' }).count()).toBe(0);
    await other.close();
  });
});
