// `edigit audit run`: the audit from the command line, with the findings and € per rule and year.

import { claimableYears } from '../domain/tax/index.ts';
import { eur } from '../domain/tax/money.ts';
import { DomainError } from '../errors/domain-error.ts';
import type { RunTally } from '../store/audit.ts';
import type { EngineRef } from '../store/engine.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';
import { RULES } from './rules/index.ts';
import { executeRun, RUN_FAILED } from './run-audit.ts';

export const AUDIT_HELP = `Uso: edigit audit run --comune CODICE [--years 2021-2025] [--db FILE]

Applica le sette regole di verifica (IMU e TARI) agli anni indicati e aggiorna le segnalazioni: una
segnalazione mantiene il suo stato tra una verifica e l'altra; quelle non più riscontrate restano, marcate.
  --comune CODICE      codice Belfiore
  --years A[-B]        anni d'imposta (default: l'anno in corso e i cinque precedenti, cioè gli accertabili)
  --db FILE            database (default: $EDIGIT_DB o data/edigit.db)`;

/** "2021-2025", "2023" or "2021,2023" → the years, each one still claimable today; RangeError otherwise. */
export function parseYears(spec: string | undefined, today: string): number[] {
  const allowed = claimableYears(today);
  if (!spec) return allowed;
  const years = spec.split(',').flatMap((part) => {
    const m = /^(\d{4})(?:-(\d{4}))?$/.exec(part.trim());
    if (!m) throw new RangeError(`--years: atteso AAAA o AAAA-AAAA (es. 2021-2025), non ${part}`);
    const [a, b] = [Number(m[1]), Number(m[2] ?? m[1])];
    return Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);
  });
  const bad = years.find((y) => !allowed.includes(y));
  if (bad !== undefined || years.length === 0) {
    throw new RangeError(`--years: anni accertabili al ${today}: ${allowed[0]}–${allowed[allowed.length - 1]}`);
  }
  return [...new Set(years)].sort();
}

/** One line of the table: rule, year, findings, amount and claimable €. */
type Totals = Pick<RunTally, 'findings' | 'amount_eur' | 'claimable_eur'>;
function line(head: string, year: number | string, t: Totals): string {
  const [n, amount, claimable] = [
    String(t.findings).padStart(12),
    eur(t.amount_eur).padStart(11),
    eur(t.claimable_eur).padStart(15),
  ];
  return `${head} ${year}  ${n} ${amount} ${claimable}`;
}

export async function auditRunCommand(engine: EngineRef, comune: string, yearsSpec: string | undefined): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const { store, close } = await openStore(engine, { scope: 'all' });
  try {
    await runAndReport(store, engine, comune, yearsSpec, today);
  } finally {
    await close();
  }
}

async function runAndReport(
  store: Store,
  engine: EngineRef,
  comune: string,
  yearsSpec: string | undefined,
  today: string,
): Promise<void> {
  const run = await store.audit.createRun(null, comune, parseYears(yearsSpec, today), today).catch((e: unknown) => {
    // An unknown comune is a usage error of the command, like a bad --years.
    throw e instanceof DomainError && e.kind === 'not_found' ? new RangeError(e.message) : e;
  });
  try {
    const s = await executeRun(
      store,
      run,
      (done, total) => {
        if (process.stderr.isTTY) process.stderr.write(`\r${Math.round((done / total) * 100)}%`);
      },
      engine,
    );
    await store.audit.updateRun(run.id, { status: 'done', progress: 1, summary: s });
    if (process.stderr.isTTY) process.stderr.write('\r');
    console.log(`verifica n. ${run.id} di ${comune}, anni ${run.years.join(', ')}, al ${today} (${s.seconds} s)`);
    console.log('regola anno  segnalazioni   importo €  recuperabile €');
    for (const t of s.tally) {
      console.log(`${line(String(t.rule).padStart(6), t.year, t)}  ${RULES.find((r) => r.rule === t.rule)!.title}`);
    }
    const sum = (k: keyof Totals) => s.tally.reduce((a, t) => a + t[k], 0);
    const total = { findings: sum('findings'), amount_eur: sum('amount_eur'), claimable_eur: sum('claimable_eur') };
    console.log(line('totale', '    ', total));
    console.log(
      `nuove ${s.added}, già note ${s.seen_again}, riaperte ${s.reopened}, non più riscontrate ${s.not_reproduced}`,
    );
  } catch (e) {
    // the run is served by the API: the same Italian message as a run started from the map, never the raw error
    await store.audit.updateRun(run.id, { status: 'failed', error: RUN_FAILED });
    throw e;
  }
}
