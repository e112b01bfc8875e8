#!/usr/bin/env node
// The edigit command line: `edigit seed …`, `edigit user add …`. Every command has --help.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { createUser } from '../auth/users.ts';
import { ROLES } from '../auth/roles.ts';
import { openDatabase } from '../db/open.ts';
import { seedComune } from '../seed/demo.ts';
import { TERRITORIES } from '../../fixtures/territory.ts';

const dbHelp = '  --db FILE            database (default: $EDIGIT_DB or data/edigit.db)';
const HELP: Record<string, string> = {
  main: `edigit — Anagrafe Territoriale

Uso: edigit <comando> [opzioni]

Comandi:
  seed        genera un comune demo (deterministico) nel database
  user add    aggiunge un utente con ruolo e comuni

edigit <comando> --help per le opzioni di ciascun comando.`,
  seed: `Uso: edigit seed --comune CODICE --parcels N --seed S [--db FILE]

Genera un comune demo: strade, isolati, particelle, edifici, unità, proprietari, IMU/TARI con anomalie note.
  --comune CODICE      codice Belfiore (disponibili: ${Object.keys(TERRITORIES).join(', ')})
  --parcels N          numero di particelle (100 – 1.000.000)
  --seed S             seme: lo stesso seme dà sempre lo stesso comune
  --anomaly-rate R     frequenza di ciascuna anomalia (default 0.02)
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
