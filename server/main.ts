// `npm start`: open (or create with the demo) the database, then serve the app and the API. One web process
// per core shares the port (node:cluster), so that tiles, search and dossiers use every core; the starting
// process prepares the database and watches them. EDIGIT_WEB_WORKERS=1 serves in the starting process.
import cluster, { type Worker } from 'node:cluster';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { serve } from '@hono/node-server';
import { RateLimiterClusterMaster } from 'rate-limiter-flexible';
import { createApp } from './app.ts';
import { type Config, loadConfig } from './config.ts';
import { type Db, openDatabase } from './db/open.ts';
import { isCancelMessage, stopLocalJob } from './jobs/running-jobs.ts';
import { loadLayers } from './layers/registry.ts';
import { DEMO_USERS, seedDemo } from './seed/demo.ts';
import { sqliteStore } from './store/sqlite-store.ts';

const ROOT = join(import.meta.dirname, '..');

type DemoUser = (typeof DEMO_USERS)[number];

/**
 * Creates the demo on a new database and closes what a restart interrupted; in the starting process only. Returns
 * the connection and the demo users still in the register (their logins are printed).
 */
async function openRegister(config: Config): Promise<{ db: Db; demo: DemoUser[] }> {
  const fresh = !existsSync(config.dbPath);
  const db = openDatabase(config.dbPath);
  if (fresh) {
    const t0 = performance.now();
    console.log(`Creo il comune demo in ${config.dbPath} …`);
    seedDemo(db, { parcels: config.demoParcels });
    console.log(`Demo pronta in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const store = sqliteStore(db);
  const interrupted = await store.jobs.failInterrupted();
  if (interrupted) console.log(`${interrupted} esportazioni/importazioni interrotte dal riavvio segnate come fallite`);
  const audits = await store.audit.failInterruptedRuns();
  if (audits) console.log(`${audits} verifiche tributarie interrotte dal riavvio segnate come fallite`);
  const present = new Set(await store.users.existing(DEMO_USERS.map((u) => u.username)));
  return { db, demo: DEMO_USERS.filter((u) => present.has(u.username)) };
}

function listen(config: Config, db: Db, onListening: () => void) {
  const app = createApp(
    {
      store: sqliteStore(db),
      dbPath: config.dbPath,
      dataDir: dirname(config.dbPath),
      layers: loadLayers(join(ROOT, 'layers')),
      limits: config.limits,
    },
    { clientDir: join(ROOT, 'dist', 'client'), trustedProxy: config.trustedProxy },
  );
  serve({ fetch: app.fetch, port: config.port, hostname: config.host }, onListening);
}

function announce(config: Config, demo: DemoUser[], processes: number) {
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  console.log(`\nedigit in ascolto su http://${host}:${config.port}${processes > 1 ? ` (${processes} processi)` : ''}`);
  console.log(`Database: ${config.dbPath}`);
  if (demo.length) {
    console.log('\nUtenti demo (utente / password — ruolo):');
    for (const u of demo)
      console.log(`  ${u.username.padEnd(14)} ${u.password.padEnd(20)} ${u.role.padEnd(14)} ${u.what}`);
  }
}

/** The web processes, restarted if one dies; a job's cancel reaches the process that runs it. */
function superviseWorkers(config: Config, demo: DemoUser[]) {
  new RateLimiterClusterMaster(); // the public calculator's limit, counted across the processes
  const listened = new WeakSet<Worker>();
  const relay = (message: unknown) => {
    if (!isCancelMessage(message)) return;
    for (const w of Object.values(cluster.workers ?? {})) w?.send(message);
  };
  const fork = (): Worker => cluster.fork().on('message', relay);
  let listening = 0;
  cluster.on('listening', (worker) => {
    listened.add(worker);
    if (++listening === config.webWorkers) announce(config, demo, config.webWorkers);
  });
  cluster.on('exit', (worker, code, signal) => {
    // One that never listened would fail again (the port taken, the database unreadable): no endless restarts.
    if (!listened.has(worker)) {
      console.error(`edigit non può partire: il processo web ${worker.process.pid} è terminato prima di ascoltare`);
      process.exit(1);
    }
    console.error(`[edigit] processo web ${worker.process.pid} terminato (${signal ?? code}): lo riavvio`);
    fork();
  });
  for (let i = 0; i < config.webWorkers; i++) fork();
}

try {
  const config = loadConfig();
  if (cluster.isPrimary) {
    const { db, demo } = await openRegister(config);
    if (config.webWorkers === 1) listen(config, db, () => announce(config, demo, 1));
    else superviseWorkers(config, demo);
  } else {
    process.on('message', (m) => {
      if (isCancelMessage(m)) stopLocalJob(m.id);
    });
    listen(config, openDatabase(config.dbPath), () => {});
  }
} catch (e) {
  console.error(`edigit non può partire: ${(e as Error).message}`);
  process.exit(1);
}
