// Debian's Chromium driven by playwright-core (never a downloaded browser), against a real server.

import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { makeTestApp, ROOT, type TestApp } from './test-app.ts';

export function chromiumPath(): string {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();
}

export interface BrowserRig {
  t: TestApp;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startRig(): Promise<BrowserRig> {
  const t = makeTestApp({ parcels: 600, clientDir: join(ROOT, 'dist', 'client') });
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
  return {
    t,
    base,
    browser,
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
      t.close();
    },
  };
}

/** Collects page errors, console errors and failed requests: any of them fails a test. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // The browser logs failed responses without their address: log them ourselves, with it.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  // MapLibre cancels tile requests it no longer needs (pan, zoom, refresh): an abort is not a failure.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED')
      errors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
  });
  return errors;
}

export async function login(page: Page, base: string, user: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel('Nome utente').fill(user);
  await page.getByLabel('Password').fill(`${user}-demo`);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.waitForSelector('.maplibregl-canvas');
}

/** Waits until the map has loaded every tile and rendered, then counts rendered features per style layer. */
export async function renderedCounts(page: Page, layers: string[]): Promise<Record<string, number>> {
  await page.waitForFunction(
    () => {
      const m = (window as unknown as { __edigit?: { map: { loaded(): boolean; areTilesLoaded(): boolean } } }).__edigit
        ?.map;
      return !!m && m.loaded() && m.areTilesLoaded();
    },
    undefined,
    { timeout: 30_000 },
  );
  await page.waitForTimeout(300);
  return page.evaluate((ids) => {
    const m = (
      window as unknown as { __edigit: { map: { queryRenderedFeatures(o: { layers: string[] }): unknown[] } } }
    ).__edigit.map;
    return Object.fromEntries(ids.map((id) => [id, m.queryRenderedFeatures({ layers: [id] }).length]));
  }, layers);
}

/** Puts the map's centre on the middle of `box` (lon/lat) at `zoom`, at once (no animation). */
export async function centreMapOn(
  page: Page,
  box: { minx: number; miny: number; maxx: number; maxy: number },
  zoom: number,
): Promise<void> {
  await page.evaluate(
    ([lon, lat, z]) =>
      (window as unknown as { __edigit: { map: { jumpTo(o: object): void } } }).__edigit.map.jumpTo({
        center: [lon, lat],
        zoom: z,
      }),
    [(box.minx + box.maxx) / 2, (box.miny + box.maxy) / 2, zoom],
  );
}
