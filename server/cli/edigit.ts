#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
// The edigit command line: `edigit seed …`, `edigit user add …`. Every command has --help.
import { parseArgs } from 'node:util';
import { TERRITORIES } from '../../fixtures/territory.ts';
import { AUDIT_HELP, auditRunCommand } from '../audit/audit-cli.ts';
import { openDatabase } from '../db/open.ts';
import { parseBBox } from '../domain/geometry/bbox-problem.ts';
import { ROLES } from '../domain/users/user.ts';
import { DEFAULT_EXPORT_LAYERS, EXPORT_LAYERS } from '../exchange/export/catalogue.ts';
import { exportLogEntry } from '../exchange/export/export-log.ts';
import { EXPORT_CRSS, ExportError, runExport } from '../exchange/export/run-export.ts';
import { ImportRefused, type ImportReport } from '../exchange/import/apply.ts';
import { CxfError } from '../exchange/import/cxf.ts';
import { FormatError } from '../exchange/import/formats.ts';
import { IMPORT_FORMATS, type ImportFormat, runImport } from '../exchange/import/run-import.ts';
import { TAX_CSV_COLUMNS } from '../exchange/import/tax-csv.ts';
import { seedComune } from '../seed/demo.ts';
import { engineOf } from '../store/engine.ts';
import { openStore } from '../store/open-store.ts';
import { logExport } from '../store/sqlite/export-log.ts';
import type { Store } from '../store/store.ts';
import { MIGRATE_HELP, MigrateUsageError, migrateCommand } from './migrate-command.ts';

const dbHelp = '  --db FILE            database (default: $EDIGIT_DB or data/edigit.db)';
const HELP: Record<string, string> = {
  main: `edigit — Anagrafe Territoriale

Uso: edigit <comando> [opzioni]

Comandi:
  seed        genera un comune demo (deterministico) nel database
  user add    aggiunge un utente con ruolo e comuni
  user grant  estende un utente ad altri comuni (es. dopo l'import di un comune nuovo)
  user unlock sblocca un utente bloccato per troppi tentativi di accesso falliti
  export      esporta layer in GeoPackage, nel CRS scelto
  import      importa catasto (CXF, INSPIRE, GeoPackage) o tributi e residenti (CSV)
  audit run   verifica tributaria: le sette regole sugli anni accertabili, segnalazioni e importi
  migrate     sposta l'installazione da SQLite a PostgreSQL/PostGIS, con verifica

edigit <comando> --help per le opzioni di ciascun comando.`,
  seed: `Uso: edigit seed --comune CODICE --parcels N --seed S [--db FILE]

Genera un comune demo: strade, isolati, particelle, edifici, unità, proprietari, IMU/TARI con anomalie note.
  --comune CODICE      codice Belfiore (disponibili: ${Object.keys(TERRITORIES).join(', ')})
  --parcels N          numero di particelle (100 – 1.000.000)
  --seed S             seme: lo stesso seme dà sempre lo stesso comune
  --anomaly-rate R     frequenza di ciascuna anomalia (default 0.02)
${dbHelp}`,
  export:
    'Uso: edigit export --comune CODICE --out FILE.gpkg [--layers L1,L2,…] [--crs EPSG:…] ' +
    `[--bbox W,S,E,N] [--personal] [--db FILE]

Scrive un GeoPackage conforme (OGC 12-128) con indice R*Tree, descrizioni delle colonne e metadati.
  --comune CODICE      codice Belfiore
  --out FILE.gpkg      file da scrivere (sovrascritto se esiste)
  --layers LISTA       default: ${DEFAULT_EXPORT_LAYERS.join(',')}
                       con dati personali (solo con --personal): ${EXPORT_LAYERS.filter((l) => l.personal)
                         .map((l) => l.id)
                         .join(',')}
  --crs EPSG:…         ${EXPORT_CRSS.join(', ')} o qualunque codice EPSG noto a PROJ (default EPSG:7791)
  --bbox W,S,E,N       solo gli oggetti che intersecano il riquadro (gradi WGS84)
  --personal           consente i layer con dati personali (l'esportazione viene registrata)
${dbHelp}`,
  import:
    'Uso: edigit import <formato> FILE --comune CODICE [--crs EPSG:…|"+proj=…"] [--dry-run] [--partial] ' +
    `[--layer L] [--map campo=COLONNA,…] [--target parcels|buildings] [--db FILE]

Formati:
  cxf                  foglio di mappa AdE (CXF); --crs obbligatorio (EPSG o stringa PROJ, es. Cassini-Soldner)
  inspire              CadastralParcel INSPIRE in GML o GeoJSON, EPSG:6706 (ordine lat,lon del GML gestito)
  gpkg                 GeoPackage di un partner; --layer e --map per i nomi delle colonne ` +
    `(default: foglio, particella, sezione, …);
                       --target buildings per un layer di edifici ` +
    `(colonna code obbligatoria, foglio/particella per il legame)
${Object.entries(TAX_CSV_COLUMNS)
  .map(([k, cols]) => `  ${k.padEnd(20)} colonne: ${cols.join(';')}`)
  .join('\n')}

  --dry-run            riporta cosa verrebbe aggiunto, aggiornato e rifiutato, senza scrivere nulla
  --partial            importa gli oggetti validi anche se altri sono rifiutati (default: tutto o niente)
Il comune che non è ancora nel registro viene aggiunto (codice Belfiore verificato). ` +
    `Reimportare lo stesso file non duplica nulla.
${dbHelp}`,
  'audit run': AUDIT_HELP,
  migrate: MIGRATE_HELP,
  'user grant': `Uso: edigit user grant --username U --comuni H501[,C209] [--db FILE]

  --username U         utente esistente
  --comuni LISTA       codici Belfiore già presenti nel database, aggiunti a quelli dell'utente
${dbHelp}`,
  'user unlock': `Uso: edigit user unlock --username U [--db FILE]

Toglie il blocco dovuto a troppi tentativi di accesso falliti (il blocco scade comunque da solo).
  --username U         utente da sbloccare
${dbHelp}`,
  'user add': `Uso: edigit user add --username U --password P --role R --comuni E617[,C566] [--db FILE]

  --username U         nome utente
  --password P         password (almeno 8 caratteri)
  --role R             ${ROLES.join(' | ')}
  --comuni LISTA       codici Belfiore separati da virgola, già presenti nel database
${dbHelp}`,
};

class UsageError extends Error {}

const dbArg = (v: string | undefined) => v ?? process.env.EDIGIT_DB ?? 'data/edigit.db';

/** The SQLite file for the commands that still work on the file itself (seed, export, import: issue 9). */
function dbPath(v: string | undefined, what: string): string {
  const engine = engineOf(dbArg(v));
  if (engine.kind !== 'sqlite')
    throw new UsageError(`${what} non è ancora disponibile con PostgreSQL: usare un file SQLite (--db FILE)`);
  return engine.path;
}

/** Runs `work` on the register's store, on whichever engine --db or EDIGIT_DB names, then closes it. */
async function withStore<T>(v: string | undefined, work: (store: Store) => Promise<T>): Promise<T> {
  const { store, close } = await openStore(engineOf(dbArg(v)), { scope: 'all' });
  try {
    return await work(store);
  } finally {
    await close();
  }
}

async function run(argv: string[]): Promise<void> {
  const [cmd, sub] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h') {
    console.log(HELP.main);
    return;
  }
  if (cmd === 'seed') {
    const { values } = parseArgs({
      args: argv.slice(1),
      options: {
        comune: { type: 'string' },
        parcels: { type: 'string' },
        seed: { type: 'string' },
        'anomaly-rate': { type: 'string' },
        db: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(HELP.seed);
      return;
    }
    const parcels = Number(values.parcels);
    if (!values.comune || !values.parcels || !values.seed)
      throw new UsageError(`--comune, --parcels e --seed sono obbligatori\n\n${HELP.seed}`);
    if (!Number.isInteger(parcels) || parcels < 100 || parcels > 1_000_000)
      throw new UsageError('--parcels deve essere un intero tra 100 e 1.000.000');
    const rate = values['anomaly-rate'] === undefined ? undefined : Number(values['anomaly-rate']);
    if (rate !== undefined && !(rate >= 0 && rate <= 0.1))
      throw new UsageError('--anomaly-rate deve essere tra 0 e 0.1');
    const db = openDatabase(dbPath(values.db, 'Il comando seed'), { activity: false });
    const t0 = performance.now();
    const s = seedComune(db, { comune: values.comune.toUpperCase(), parcels, seed: values.seed, anomalyRate: rate });
    const secs = (performance.now() - t0) / 1000;
    console.log(
      `${values.comune.toUpperCase()}: ${s.parcels} particelle, ${s.buildings} edifici, ${s.units} unità ` +
        `in ${secs.toFixed(1)} s (${Math.round(s.parcels / secs)} particelle/s)`,
    );
    return;
  }
  if (cmd === 'export') {
    const { values } = parseArgs({
      args: argv.slice(1),
      options: {
        comune: { type: 'string' },
        out: { type: 'string' },
        layers: { type: 'string' },
        crs: { type: 'string', default: 'EPSG:7791' },
        bbox: { type: 'string' },
        personal: { type: 'boolean', default: false },
        db: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(HELP.export);
      return;
    }
    if (!values.comune || !values.out) throw new UsageError(`--comune e --out sono obbligatori\n\n${HELP.export}`);
    let bbox: [number, number, number, number] | undefined;
    if (values.bbox) {
      const b = parseBBox(values.bbox);
      if (typeof b === 'string') throw new UsageError(`--bbox: ${b}`);
      bbox = [b.minx, b.miny, b.maxx, b.maxy];
    }
    const db = openDatabase(dbPath(values.db, "L'esportazione"));
    const options = {
      comune: values.comune.toUpperCase(),
      layers: values.layers
        ? values.layers
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : DEFAULT_EXPORT_LAYERS,
      crs: values.crs.toUpperCase(),
      area: bbox ? { kind: 'bbox' as const, bbox } : { kind: 'comune' as const },
      includePersonal: values.personal,
      requestedBy: 'riga di comando',
    };
    const t0 = performance.now();
    try {
      const s = runExport(db, options, resolve(values.out));
      await logExport(db, exportLogEntry({ id: null, username: 'riga di comando' }, options, s));
      const n = s.layers.reduce((a, l) => a + l.count, 0);
      console.log(
        `${s.file}: ${s.layers.map((l) => `${l.id} ${l.count}`).join(', ')} in ${s.crs}; ` +
          `${(s.bytes / 2 ** 20).toFixed(1)} MiB in ${((performance.now() - t0) / 1000).toFixed(1)} s (${n} righe)`,
      );
    } catch (e) {
      if (e instanceof ExportError) throw new UsageError(e.message);
      throw e;
    }
    return;
  }
  if (cmd === 'import') {
    const { values, positionals } = parseArgs({
      args: argv.slice(1),
      allowPositionals: true,
      options: {
        comune: { type: 'string' },
        crs: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        partial: { type: 'boolean', default: false },
        layer: { type: 'string' },
        map: { type: 'string' },
        target: { type: 'string' },
        db: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(HELP.import);
      return;
    }
    if (values.target && values.target !== 'parcels' && values.target !== 'buildings')
      throw new UsageError('--target vale parcels o buildings');
    const [format, file] = positionals;
    if (!format || !file || !values.comune)
      throw new UsageError(`formato, FILE e --comune sono obbligatori\n\n${HELP.import}`);
    if (!(IMPORT_FORMATS as readonly string[]).includes(format))
      throw new UsageError(`formato sconosciuto: ${format} (ammessi: ${IMPORT_FORMATS.join(', ')})`);
    if (!existsSync(file)) throw new UsageError(`file non trovato: ${file}`);
    const db = openDatabase(dbPath(values.db, "L'importazione"), { activity: false });
    const t0 = performance.now();
    try {
      const report = runImport(db, {
        format: format as ImportFormat,
        file: resolve(file),
        name: basename(file),
        comune: values.comune.toUpperCase(),
        dryRun: values['dry-run'],
        partial: values.partial,
        username: 'riga di comando',
        ...(values.crs ? { crs: values.crs } : {}),
        ...(values.layer ? { layer: values.layer } : {}),
        ...(values.map ? { mapping: values.map } : {}),
        ...(values.target ? { target: values.target as 'parcels' | 'buildings' } : {}),
      });
      printReport(report, (performance.now() - t0) / 1000);
    } catch (e) {
      if (e instanceof ImportRefused) {
        printReport(e.report, (performance.now() - t0) / 1000);
        process.exitCode = 1;
        return;
      }
      if (e instanceof FormatError || e instanceof CxfError) throw new UsageError(e.message);
      throw e;
    }
    return;
  }
  if (cmd === 'migrate') {
    const { values } = parseArgs({
      args: argv.slice(1),
      options: { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      console.log(HELP.migrate);
      return;
    }
    if (!values.from || !values.to) throw new UsageError(`--from e --to sono obbligatori\n\n${HELP.migrate}`);
    try {
      await migrateCommand(values.from, values.to, console.log);
    } catch (e) {
      if (e instanceof MigrateUsageError) throw new UsageError(e.message);
      throw e;
    }
    return;
  }
  if (cmd === 'audit') {
    const { values } = parseArgs({
      args: argv.slice(sub === 'run' ? 2 : 1),
      options: {
        comune: { type: 'string' },
        years: { type: 'string' },
        db: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help || sub !== 'run') {
      console.log(HELP['audit run']);
      return;
    }
    if (!values.comune) throw new UsageError(`--comune è obbligatorio\n\n${HELP['audit run']}`);
    try {
      await auditRunCommand(engineOf(dbArg(values.db)), values.comune.toUpperCase(), values.years);
    } catch (e) {
      if (e instanceof RangeError) throw new UsageError(e.message);
      throw e;
    }
    return;
  }
  if (cmd === 'user' && sub === 'add') {
    const { values } = parseArgs({
      args: argv.slice(2),
      options: {
        username: { type: 'string' },
        password: { type: 'string' },
        role: { type: 'string' },
        comuni: { type: 'string' },
        db: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(HELP['user add']);
      return;
    }
    if (!values.username || !values.password || !values.role || !values.comuni)
      throw new UsageError(`--username, --password, --role e --comuni sono obbligatori\n\n${HELP['user add']}`);
    const { username, password, role } = values;
    const comuni = values.comuni
      .split(',')
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean);
    const u = await withStore(values.db, (store) => store.users.create({ username, password, role, comuni }));
    console.log(`utente ${u.username} (${u.role}) creato per ${u.comuni.join(', ')}`);
    return;
  }
  if (cmd === 'user' && sub === 'grant') {
    const { values } = parseArgs({
      args: argv.slice(2),
      options: {
        username: { type: 'string' },
        comuni: { type: 'string' },
        db: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(HELP['user grant']);
      return;
    }
    if (!values.username || !values.comuni)
      throw new UsageError(`--username e --comuni sono obbligatori\n\n${HELP['user grant']}`);
    const comuni = values.comuni
      .split(',')
      .map((c) => c.trim().toUpperCase())
      .filter(Boolean);
    const u = await withStore(values.db, (store) => store.users.grantComuni(values.username!, comuni));
    console.log(`utente ${u.username} (${u.role}): ${u.comuni.join(', ')}`);
    return;
  }
  if (cmd === 'user' && sub === 'unlock') {
    const { values } = parseArgs({
      args: argv.slice(2),
      options: {
        username: { type: 'string' },
        db: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(HELP['user unlock']);
      return;
    }
    if (!values.username) throw new UsageError(`--username è obbligatorio\n\n${HELP['user unlock']}`);
    const wasLocked = await withStore(values.db, (store) => store.loginThrottle.unlock(values.username!));
    console.log(wasLocked ? `utente ${values.username} sbloccato` : `utente ${values.username} non era bloccato`);
    return;
  }
  if (cmd === 'user') {
    console.log(`${HELP['user add']}\n\n${HELP['user grant']}`);
    return;
  }
  throw new UsageError(`comando sconosciuto: ${argv.join(' ')}\n\n${HELP.main}`);
}

function printReport(r: ImportReport, secs: number): void {
  const tally = (t: Record<string, number>) =>
    Object.entries(t)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || '—';
  const head =
    r.outcome === 'refused'
      ? 'RIFIUTATO, nessuna modifica'
      : r.outcome === 'dry-run'
        ? 'PROVA (dry run), nessuna modifica'
        : 'importato';
  console.log(
    `${r.format} ${r.file} → ${r.comune}: ${head} in ${secs.toFixed(1)} s` +
      `${r.comuneAdded ? ' (comune aggiunto al registro)' : ''}`,
  );
  console.log(
    `  letti: ${tally(r.read)}\n  aggiunti: ${tally(r.added)}\n` +
      `  aggiornati: ${tally(r.updated)}\n  invariati: ${tally(r.unchanged)}`,
  );
  if (r.repaired.length)
    console.log(
      `  riparati: ${r.repaired.length}\n${r.repaired
        .slice(0, 20)
        .map((x) => `    ${x.source}: ${x.repairs.join('; ')}`)
        .join('\n')}`,
    );
  if (r.rejected.length)
    console.log(
      `  rifiutati: ${r.rejected.length}\n${r.rejected
        .slice(0, 50)
        .map(
          (x) =>
            `    ${x.source}: ${x.message}` +
            `${x.location ? ` presso ${x.location.map((n) => n.toFixed(6)).join(', ')}` : ''}`,
        )
        .join('\n')}`,
    );
  if (r.message) console.log(`  ${r.message}`);
}

try {
  await run(process.argv.slice(2));
} catch (e) {
  console.error(`edigit: ${(e as Error).message}`);
  process.exit(e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1);
}
