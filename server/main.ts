// `npm start`: open (or create with the demo) the database, then serve the app and the API. One web process
// per core shares the port (node:cluster), so that tiles, search and dossiers use every core; the starting
// process prepares the database and watches them. EDIGIT_WEB_WORKERS=1 serves in the starting process.
import cluster, { type Worker } from 'node:cluster';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { RateLimiterClusterMaster } from 'rate-limiter-flexible';
import { createApp } from './app.ts';
import { type Config, loadConfig } from './config.ts';
import { isCancelMessage, stopLocalJob } from './jobs/running-jobs.ts';
import { loadLayers } from './layers/registry.ts';
import { DEMO_USERS, seedDemo } from './seed/demo.ts';
import { describeEngine } from './store/engine.ts';
import { openStore, prepareRegister } from './store/open-store.ts';

const ROOT = join(import.meta.dirname, '..');

type DemoUser = (typeof DEMO_USERS)[number];

/**
 * Migrates the register (creating the demo in a new one) and closes what a restart interrupted; in the starting
 * process only. Returns the demo users still in the register (their logins are printed).
 */
async function openRegister(config: Config): Promise<DemoUser[]> {
  const t0 = performance.now();
  const filled = await prepareRegister(config.engine, (db) => {
    console.log(`Creo il comune demo in ${describeEngine(config.engine)} …`);
    seedDemo(db, { parcels: config.demoParcels });
  });
  if (filled) console.log(`Demo pronta in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const { store, close } = await openStore(config.engine, { scope: 'all' });
  try {
    const interrupted = await store.jobs.failInterrupted();
    if (interrupted)
      console.log(`${interrupted} esportazioni/importazioni interrotte dal riavvio segnate come fallite`);
    const audits = await store.audit.failInterruptedRuns();
    if (audits) console.log(`${audits} verifiche tributarie interrotte dal riavvio segnate come fallite`);
    const present = new Set(await store.users.existing(DEMO_USERS.map((u) => u.username)));
    return DEMO_USERS.filter((u) => present.has(u.username));
  } finally {
    await close();
  }
}

async function listen(config: Config, onListening: () => void) {
  const { store } = await openStore(config.engine, { scope: [] });
  const app = createApp(
    {
      store,
      engine: config.engine,
      dataDir: config.dataDir,
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
  console.log(`Database: ${describeEngine(config.engine)}`);
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
    const demo = await openRegister(config);
    if (config.webWorkers === 1) await listen(config, () => announce(config, demo, 1));
    else superviseWorkers(config, demo);
  } else {
    process.on('message', (m) => {
      if (isCancelMessage(m)) stopLocalJob(m.id);
    });
    await listen(config, () => {});
  }
} catch (e) {
  console.error(`edigit non può partire: ${(e as Error).message}`);
  process.exit(1);
}
