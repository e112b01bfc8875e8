// `npm start`: open (or create with the demo) the database, serve the app and the API.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/open.ts';
import { failInterruptedJobs } from './jobs/job-store.ts';
import { loadLayers } from './layers/registry.ts';
import { DEMO_USERS, seedDemo } from './seed/demo.ts';
import { sqliteStore } from './store/sqlite-store.ts';

const ROOT = join(import.meta.dirname, '..');

try {
  const config = loadConfig();
  const fresh = !existsSync(config.dbPath);
  const db = openDatabase(config.dbPath);
  if (fresh) {
    const t0 = performance.now();
    console.log(`Creo il comune demo in ${config.dbPath} …`);
    seedDemo(db, { parcels: config.demoParcels });
    console.log(`Demo pronta in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const interrupted = failInterruptedJobs(db);
  if (interrupted) console.log(`${interrupted} esportazioni/importazioni interrotte dal riavvio segnate come fallite`);
  const store = sqliteStore(db);
  const audits = await store.audit.failInterruptedRuns();
  if (audits) console.log(`${audits} verifiche tributarie interrotte dal riavvio segnate come fallite`);
  const layers = loadLayers(join(ROOT, 'layers'));
  const app = createApp(
    { store, db, dbPath: config.dbPath, dataDir: dirname(config.dbPath), layers, limits: config.limits },
    { clientDir: join(ROOT, 'dist', 'client'), trustedProxy: config.trustedProxy },
  );
  serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    console.log(`\nedigit in ascolto su http://${host}:${info.port}`);
    console.log(`Database: ${config.dbPath}`);
    const demo = DEMO_USERS.filter((u) => db.prepare('SELECT 1 FROM users WHERE username = ?').get(u.username));
    if (demo.length) {
      console.log('\nUtenti demo (utente / password — ruolo):');
      for (const u of demo)
        console.log(`  ${u.username.padEnd(14)} ${u.password.padEnd(20)} ${u.role.padEnd(14)} ${u.what}`);
    }
  });
} catch (e) {
  console.error(`edigit non può partire: ${(e as Error).message}`);
  process.exit(1);
}
