import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, startRig, watchErrors } from '../helpers/browser.ts';
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

describe('public IMU / TARI calculator, in Chromium, without login', () => {
  it("computes the issue's IMU example from the login page's link: 667,80 €, F24 3918, with the steps", async () => {
    const page = await rig.browser.newPage({ viewport: { width: 1300, height: 1100 } });
    const errors = watchErrors(page);
    await page.goto(`${rig.base}/`);
    await page.getByRole('link', { name: 'Calcolo IMU / TARI' }).click();
    await page.waitForURL(/\/calcolo/);
    const form = page.getByRole('form', { name: 'Calcolo IMU' });
    await form.getByLabel("Anno d'imposta").selectOption('2025');
    await form.getByLabel('Tipo di immobile').selectOption('fabbricato');
    await form.getByLabel('Categoria catastale').selectOption('A/2');
    await form.getByLabel('Rendita catastale (€)').fill('900');
    await form.getByLabel('Aliquota del comune').selectOption('');
    await form.getByLabel('Aliquota (%)').fill('1,06');
    await form.getByLabel('Quota di possesso (%)').fill('50');
    await form.getByRole('radio', { name: /^Date/ }).check();
    await form.getByLabel('Dal', { exact: true }).fill('2025-03-16');
    await form.getByLabel('Al', { exact: true }).fill('2025-12-31');
    await form.getByRole('button', { name: 'Calcola' }).click();

    const result = page.getByTestId('imu-result');
    await expect(result.getByTestId('imu-tax').textContent()).resolves.toBe('667,80\u00a0€');
    const rows = await result.locator('table.figures tr').allTextContents();
    expect(rows).toContain('Base imponibile151.200,00\u00a0€');
    expect(rows).toContain('Mesi di possesso10');
    const f24 = await result.getByTestId('f24').locator('tbody tr').allTextContents();
    expect(f24).toEqual(['EL—3918IMU altri fabbricati2025668,00\u00a0€']);
    const instalments = await result.locator('table').nth(1).locator('tbody tr').allTextContents();
    // c. 762: the June instalment covers the months held in the first half (4 of 10).
    expect(instalments).toEqual(['Acconto16/06/2025267,12\u00a0€', 'Saldo16/12/2025400,68\u00a0€']);
    expect(await result.getByTestId('steps').locator('tbody tr').count()).toBeGreaterThan(2);
    await expect(result.getByTestId('steps').textContent()).resolves.toContain('c. 745');
    await page.screenshot({ path: join(ARTIFACTS, 'tax-calculator-imu.png'), fullPage: true });
    // Printed, the page is the result only: the F24 lines and the steps, without the form or the buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await form.isVisible()).toBe(false);
    expect(await result.getByTestId('f24').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Stampa' }).isVisible()).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, 'tax-calculator-print.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("names the wrong field in Italian next to it (422), then computes with the comune's rates", async () => {
    const page = await rig.browser.newPage({ viewport: { width: 1300, height: 1000 } });
    const errors = watchErrors(page);
    await page.goto(`${rig.base}/calcolo`);
    const form = page.getByRole('form', { name: 'Calcolo IMU' });
    await form.getByLabel("Anno d'imposta").selectOption('2025');
    await form.getByLabel('Rendita catastale (€)').fill('-5');
    await form.getByRole('button', { name: 'Calcola' }).click();
    const fieldError = page.locator('#err-imu-rendita');
    await fieldError.waitFor();
    expect((await fieldError.textContent())!.length).toBeGreaterThan(3);
    await expect(form.getByLabel('Rendita catastale (€)').getAttribute('aria-invalid')).resolves.toBe('true');
    expect(errors).toEqual([expect.stringMatching(/^HTTP 422: POST .*\/api\/tax\/imu\/calculate$/)]);

    // Lissone 2025 (demo delibera): other buildings at 1.06%, a whole year, full share: the domain.md example.
    await form.getByLabel('Rendita catastale (€)').fill('900');
    await form.getByLabel('Aliquota del comune').selectOption('E617');
    await form.getByRole('button', { name: 'Calcola' }).click();
    // Italian groups thousands only from five digits (CLDR minimumGroupingDigits 2).
    await expect.poll(() => page.getByTestId('imu-tax').textContent()).toBe('1602,72\u00a0€');
    expect(await fieldError.count()).toBe(0);
    expect(errors).toHaveLength(1); // only the refused request above
    await page.close();
  });

  it('computes TARI for a household from 1 July with the TEFA, and for a shop by its category', async () => {
    const page = await rig.browser.newPage({ viewport: { width: 1300, height: 1100 } });
    const errors = watchErrors(page);
    await page.goto(`${rig.base}/calcolo`);
    await page.getByRole('tab', { name: 'TARI' }).click();
    const form = page.getByRole('form', { name: 'Calcolo TARI' });
    await form.getByLabel("Anno d'imposta").selectOption('2025');
    await form.getByLabel('Utenza').selectOption('domestica');
    await form.getByLabel('Superficie calpestabile (m²)').fill('100');
    await form.getByLabel('Occupanti').fill('3');
    await form.getByLabel('Tariffe del comune').selectOption('');
    await form.getByLabel('Parte fissa (€/m²)').fill('0,85');
    await form.getByLabel('Parte variabile (€/anno)').fill('120');
    await form.getByLabel("Tutto l'anno").uncheck();
    await form.getByLabel('Dal', { exact: true }).fill('2025-07-01');
    await form.getByLabel('Al', { exact: true }).fill('2025-12-31');
    await form.getByRole('button', { name: 'Calcola' }).click();
    const result = page.getByTestId('tari-result');
    await result.waitFor();
    const rows = await result.locator('table.figures tr').allTextContents();
    // 184 days of 365: fixed 100 × 0,85 × 184/365, variable 120 × 184/365, TEFA 5% of the TARI.
    expect(rows).toContain('Giorni di occupazione184');
    expect(rows).toContain('Parte fissa42,85\u00a0€');
    expect(rows).toContain('Parte variabile60,49\u00a0€');
    await expect(result.getByTestId('tari-tari').textContent()).resolves.toBe('103,34\u00a0€');
    await expect(result.getByTestId('tari-total').textContent()).resolves.toBe('108,51\u00a0€');
    await expect(result.getByTestId('steps').textContent()).resolves.toContain('158/1999');
    await page.screenshot({ path: join(ARTIFACTS, 'tax-calculator-tari.png'), fullPage: true });

    await form.getByLabel('Utenza').selectOption('non_domestica');
    await form
      .getByLabel('Categoria di attività (DPR 158/1999)')
      .selectOption({ label: '24. Bar, caffè, pasticceria' });
    await form.getByLabel('Tariffe del comune').selectOption('E617');
    await form.getByLabel("Tutto l'anno").check();
    await form.getByRole('button', { name: 'Calcola' }).click();
    // the result is replaced when the answer arrives: wait for it, not for the previous one
    await expect.poll(() => result.locator('table.figures tr').first().textContent()).toBe('Giorni di occupazione365');
    expect(errors).toEqual([]);
    await page.close();
  });
});
