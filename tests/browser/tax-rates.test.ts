import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, login, startRig, watchErrors } from '../helpers/browser.ts';

let rig: BrowserRig;
beforeAll(async () => {
  rig = await startRig();
});
afterAll(async () => {
  await rig?.close();
});

async function openYear(page: Page, comune: string, year: string) {
  await page.getByRole('button', { name: 'Aliquote e tariffe' }).click();
  const dialog = page.getByRole('dialog', { name: 'Aliquote e tariffe' });
  await dialog.getByLabel('Comune').selectOption(comune);
  await dialog.getByLabel('Anno', { exact: true }).selectOption(year);
  await dialog.getByRole('button', { name: 'Salva aliquote' }).waitFor();
  return dialog;
}

describe('rates editor in Chromium', () => {
  it("tributi changes Lissone's 2025 ordinary rate; the public calculator then applies it", async () => {
    const page = await rig.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = watchErrors(page);
    await login(page, rig.base, 'tributi');
    let dialog = await openYear(page, 'E617', '2025');
    const ordinary = dialog.getByLabel('Aliquota ordinaria (%)');
    await expect(ordinary.inputValue()).resolves.toBe('1,06');

    // Text in a numeric field is refused in the browser, with the field's message, and nothing is sent.
    await dialog.getByLabel('Gruppo D (%)').fill('uno virgola sei');
    await dialog.getByRole('button', { name: 'Salva aliquote' }).click();
    await expect(dialog.locator('[data-field="imu.group_d"]').textContent()).resolves.toBe(
      'non è un numero: scrivere ad esempio 1,06',
    );
    await dialog.getByLabel('Gruppo D (%)').fill('1,06');

    await ordinary.fill('1.04');
    await dialog.getByRole('button', { name: 'Salva aliquote' }).click();
    await dialog.getByText('Aliquote salvate').waitFor();
    await dialog.getByRole('button', { name: 'Chiudi' }).click();
    await page.reload();
    await page.waitForSelector('.maplibregl-canvas');
    dialog = await openYear(page, 'E617', '2025');
    await expect(dialog.getByLabel('Aliquota ordinaria (%)').inputValue()).resolves.toBe('1,04');
    await page.screenshot({ path: join(import.meta.dirname, '..', 'artifacts', 'rates-editor.png') });

    const calc = await page.request.post(`${rig.base}/api/tax/imu/calculate`, {
      data: { comune: 'E617', year: 2025, object: { kind: 'fabbricato', categoria: 'A/2', rendita: 900 } },
    });
    expect(calc.status()).toBe(200);
    const body = (await calc.json()) as { rate_percent: number; tax: number };
    expect([body.rate_percent, body.tax]).toEqual([1.04, 1572.48]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("on 412 the user's values stay, the server's show beside them, and can be reapplied", async () => {
    const page = await rig.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = watchErrors(page);
    await login(page, rig.base, 'tributi');
    const dialog = await openYear(page, 'E617', '2026');
    await dialog.getByLabel('Gruppo D (%)').fill('1,1');

    // Meanwhile another session of the office changes the interest spread and the ordinary rate.
    const cookie = await rig.t.login('tributi');
    const read = await rig.t.request('/api/tax/rates/E617/2026', { cookie });
    const current = (await read.json()) as { imu: Record<string, unknown> };
    const other = await rig.t.request('/api/tax/rates/E617/2026', {
      method: 'PUT',
      cookie,
      headers: { 'if-match': read.headers.get('etag')! },
      json: { imu: { ...current.imu, ordinary: 1.08 }, interest_spread: 1 },
    });
    expect(other.status).toBe(200);

    await dialog.getByRole('button', { name: 'Salva aliquote' }).click();
    await dialog.getByText('Un altro utente ha salvato queste aliquote').waitFor();
    await expect(dialog.getByLabel('Gruppo D (%)').inputValue()).resolves.toBe('1,1');
    await expect(dialog.getByText('sul server: 1,08').count()).resolves.toBe(1);
    await page.screenshot({ path: join(import.meta.dirname, '..', 'artifacts', 'rates-conflict.png') });
    await dialog.getByRole('button', { name: 'Riapplica le mie modifiche' }).click();
    await expect(dialog.getByLabel('Aliquota ordinaria (%)').inputValue()).resolves.toBe('1,08');
    await dialog.getByRole('button', { name: 'Salva aliquote' }).click();
    await dialog.getByText('Aliquote salvate').waitFor();
    const saved = (await (await rig.t.request('/api/tax/rates/E617/2026', { cookie })).json()) as {
      imu: { ordinary: number; group_d: number };
      interest_spread: number;
    };
    expect([saved.imu.ordinary, saved.imu.group_d, saved.interest_spread]).toEqual([1.08, 1.1, 1]);
    // The 412 itself is the expected answer here, not an error of the page.
    expect(errors.filter((e) => !/^HTTP 412: PUT .*\/api\/tax\/rates\/E617\/2026$/.test(e))).toEqual([]);
    expect(errors.length).toBe(1);
    await page.close();
  });

  it('a CSV file with an unknown voce is refused naming its row', async () => {
    const page = await rig.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = watchErrors(page);
    await login(page, rig.base, 'tributi');
    const dialog = await openYear(page, 'E617', '2025');
    await dialog.getByLabel("JSON come l'API o CSV anno;voce;valore").setInputFiles({
      name: 'aliquote.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('anno;voce;valore\n2025;imu.ordinary;1,05\n2025;imu.colore;blu\n'),
    });
    await dialog.getByRole('button', { name: 'Carica da file', exact: true }).click();
    await dialog.getByText('File rifiutato: nessuna modifica').waitFor();
    await expect(dialog.getByText('riga 3: voce sconosciuta: imu.colore').count()).resolves.toBe(1);
    await page.screenshot({ path: join(import.meta.dirname, '..', 'artifacts', 'rates-import-refused.png') });
    expect(errors.map((e) => e.replace(rig.base, ''))).toEqual(['HTTP 422: POST /api/tax/rates/E617/import']);
    await page.close();
  });

  it('urbanista has no rates button', async () => {
    const page = await rig.browser.newPage();
    await login(page, rig.base, 'urbanista');
    await expect(page.getByRole('button', { name: 'Esporta' }).count()).resolves.toBe(1);
    expect(await page.getByRole('button', { name: 'Aliquote e tariffe' }).count()).toBe(0);
    await page.close();
  });
});
