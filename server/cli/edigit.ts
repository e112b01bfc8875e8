#!/usr/bin/env node
// The edigit command line: `edigit seed …`, `edigit user add …`. Every command has --help.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { createUser } from '../auth/users.ts';
import { ROLES } from '../auth/roles.ts';
import { openDatabase } from '../db/open.ts';
import { seedComune } from '../seed/demo.ts';
import { TERRITORIES } from '../../fixtures/territory.ts';
import { DEFAULT_EXPORT_LAYERS, EXPORT_LAYERS } from '../exchange/export/catalogue.ts';
import { EXPORT_CRSS, ExportError, runExport } from '../exchange/export/run-export.ts';
import { logExport } from '../exchange/export/export-log.ts';

const dbHelp = '  --db FILE            database (default: $EDIGIT_DB or data/edigit.db)';
const HELP: Record<string, string> = {
  main: `edigit — Anagrafe Territoriale

Uso: edigit <comando> [opzioni]

Comandi:
  seed        genera un comune demo (deterministico) nel database
  user add    aggiunge un utente con ruolo e comuni
  export      esporta layer in GeoPackage, nel CRS scelto

edigit <comando> --help per le opzioni di ciascun comando.`,
  seed: `Uso: edigit seed --comune CODICE --parcels N --seed S [--db FILE]

Genera un comune demo: strade, isolati, particelle, edifici, unità, proprietari, IMU/TARI con anomalie note.
  --comune CODICE      codice Belfiore (disponibili: ${Object.keys(TERRITORIES).join(', ')})
  --parcels N          numero di particelle (100 – 1.000.000)
  --seed S             seme: lo stesso seme dà sempre lo stesso comune
  --anomaly-rate R     frequenza di ciascuna anomalia (default 0.02)
${dbHelp}`,
  export: `Uso: edigit export --comune CODICE --out FILE.gpkg [--layers L1,L2,…] [--crs EPSG:…] [--bbox W,S,E,N] [--personal] [--db FILE]

Scrive un GeoPackage conforme (OGC 12-128) con indice R*Tree, descrizioni delle colonne e metadati.
  --comune CODICE      codice Belfiore
  --out FILE.gpkg      file da scrivere (sovrascritto se esiste)
  --layers LISTA       default: ${DEFAULT_EXPORT_LAYERS.join(',')}
                       con dati personali (solo con --personal): ${EXPORT_LAYERS.filter((l) => l.personal).map((l) => l.id).join(',')}
  --crs EPSG:…         ${EXPORT_CRSS.join(', ')} (default EPSG:7791)
  --bbox W,S,E,N       solo gli oggetti che intersecano il riquadro (gradi WGS84)
  --personal           consente i layer con dati personali (l'esportazione viene registrata)
${dbHelp}`,
  'user add': `Uso: edigit user add --username U --password P --role R --comuni E617[,C566] [--db FILE]

  --username U         nome utente
  --password P         password (almeno 8 caratteri)
  --role R             ${ROLES.join(' | ')}
  --comuni LISTA       codici Belfiore separati da virgola, già presenti nel database
${dbHelp}`,
};

class UsageError extends Error {}

function dbPath(v: string | undefined): string {
  return resolve(v ?? process.env.EDIGIT_DB ?? 'data/edigit.db');
}

function run(argv: string[]): void {
  const [cmd, sub] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h') { console.log(HELP.main); return; }
  if (cmd === 'seed') {
    const { values } = parseArgs({ args: argv.slice(1), options: {
      comune: { type: 'string' }, parcels: { type: 'string' }, seed: { type: 'string' }, 'anomaly-rate': { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    } });
    if (values.help) { console.log(HELP.seed); return; }
    const parcels = Number(values.parcels);
    if (!values.comune || !values.parcels || !values.seed) throw new UsageError(`--comune, --parcels e --seed sono obbligatori\n\n${HELP.seed}`);
    if (!Number.isInteger(parcels) || parcels < 100 || parcels > 1_000_000) throw new UsageError('--parcels deve essere un intero tra 100 e 1.000.000');
    const rate = values['anomaly-rate'] === undefined ? undefined : Number(values['anomaly-rate']);
    if (rate !== undefined && !(rate >= 0 && rate <= 0.1)) throw new UsageError('--anomaly-rate deve essere tra 0 e 0.1');
    const db = openDatabase(dbPath(values.db));
    const t0 = performance.now();
    const s = seedComune(db, { comune: values.comune.toUpperCase(), parcels, seed: values.seed, anomalyRate: rate });
    const secs = (performance.now() - t0) / 1000;
    console.log(`${values.comune.toUpperCase()}: ${s.parcels} particelle, ${s.buildings} edifici, ${s.units} unità in ${secs.toFixed(1)} s (${Math.round(s.parcels / secs)} particelle/s)`);
    return;
  }
  if (cmd === 'export') {
    const { values } = parseArgs({ args: argv.slice(1), options: {
      comune: { type: 'string' }, out: { type: 'string' }, layers: { type: 'string' }, crs: { type: 'string', default: 'EPSG:7791' }, bbox: { type: 'string' },
      personal: { type: 'boolean', default: false }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    } });
    if (values.help) { console.log(HELP.export); return; }
    if (!values.comune || !values.out) throw new UsageError(`--comune e --out sono obbligatori\n\n${HELP.export}`);
    let bbox: [number, number, number, number] | undefined;
    if (values.bbox) {
      const n = values.bbox.split(',').map(Number);
      if (n.length !== 4 || n.some((x) => !Number.isFinite(x)) || n[0]! >= n[2]! || n[1]! >= n[3]!) throw new UsageError('--bbox vuole W,S,E,N in gradi con W < E e S < N');
      bbox = n as [number, number, number, number];
    }
    const db = openDatabase(dbPath(values.db));
    const options = {
      comune: values.comune.toUpperCase(), layers: values.layers ? values.layers.split(',').map((s) => s.trim()).filter(Boolean) : DEFAULT_EXPORT_LAYERS,
      crs: values.crs.toUpperCase(), area: bbox ? { kind: 'bbox' as const, bbox } : { kind: 'comune' as const }, includePersonal: values.personal, requestedBy: 'riga di comando',
    };
    const t0 = performance.now();
    try {
      const s = runExport(db, options, resolve(values.out));
      logExport(db, { username: 'riga di comando', options, summary: s });
      const n = s.layers.reduce((a, l) => a + l.count, 0);
      console.log(`${s.file}: ${s.layers.map((l) => `${l.id} ${l.count}`).join(', ')} in ${s.crs}; ${(s.bytes / 2 ** 20).toFixed(1)} MiB in ${((performance.now() - t0) / 1000).toFixed(1)} s (${n} righe)`);
    } catch (e) {
      if (e instanceof ExportError) throw new UsageError(e.message);
      throw e;
    }
    return;
  }
  if (cmd === 'user' && sub === 'add') {
    const { values } = parseArgs({ args: argv.slice(2), options: {
      username: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, comuni: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    } });
    if (values.help) { console.log(HELP['user add']); return; }
    if (!values.username || !values.password || !values.role || !values.comuni) throw new UsageError(`--username, --password, --role e --comuni sono obbligatori\n\n${HELP['user add']}`);
    const db = openDatabase(dbPath(values.db));
    const u = createUser(db, { username: values.username, password: values.password, role: values.role, comuni: values.comuni.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean) });
    console.log(`utente ${u.username} (${u.role}) creato per ${u.comuni.join(', ')}`);
    return;
  }
  if (cmd === 'user') { console.log(HELP['user add']); return; }
  throw new UsageError(`comando sconosciuto: ${argv.join(' ')}\n\n${HELP.main}`);
}

try {
  run(process.argv.slice(2));
} catch (e) {
  console.error(`edigit: ${(e as Error).message}`);
  process.exit(e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1);
}
