// An audit run: the seven rules over the claimable years of a comune, batch by batch (bounded memory),
// findings upserted as they come, progress in audit_runs so any request can follow it.
import type { User } from '../domain/users/user.ts';
import type { Deps } from '../http/env.ts';
import { runInWorker } from '../jobs/run-in-worker.ts';
import type { AuditRun, FindingDraft, RunSummary, RunTally } from '../store/audit.ts';
import type { EngineRef } from '../store/engine.ts';
import type { Store } from '../store/store.ts';
import { RULES } from './rules/index.ts';
import type { RuleContext, SharedReadRule } from './rules/rule.ts';

const yieldToServer = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Findings saved together: one transaction (one WAL sync) per this many, not per page and rule. */
const SAVE_BATCH = 5000;

/** What the rules found over some of a run's years. */
export type RunPart = Omit<RunSummary, 'not_reproduced' | 'seconds'>;

/** Runs the rules over `years` of a run already created, saving findings as they come. */
export async function runYears(
  store: Pick<Store, 'audit' | 'taxRates'>,
  run: AuditRun,
  years: number[],
  onProgress: (done: number, total: number) => void = () => {},
): Promise<RunPart> {
  const total = years.length * RULES.length;
  const part: RunPart = { tally: [], added: 0, seen_again: 0, reopened: 0 };
  let done = 0;
  const [delibere, tariffs, spread] = await Promise.all([
    store.taxRates.imuDelibere(run.comune),
    store.taxRates.tariTariffs(run.comune),
    store.taxRates.interestSpread(run.comune),
  ]);
  const contexts: RuleContext[] = [];
  for (const year of years) {
    const rates = { delibere, tariffs, spread, landValues: await store.taxRates.buildingLandValues(run.comune, year) };
    contexts.push({ comune: run.comune, year, asOf: run.as_of, facts: store.audit.candidates, rates });
  }
  const tallies = new Map<string, RunTally>();
  for (const year of years) {
    for (const r of RULES) {
      tallies.set(`${r.rule}|${year}`, { rule: r.rule, year, findings: 0, amount_eur: 0, claimable_eur: 0 });
    }
  }
  let pending: FindingDraft[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    const saved = await store.audit.saveFindings(run.id, run.comune, batch);
    part.added += saved.added;
    part.seen_again += saved.seen_again;
    part.reopened += saved.reopened;
    await yieldToServer();
  };
  const save = async (drafts: FindingDraft[]) => {
    for (const d of drafts) {
      const tally = tallies.get(`${d.rule}|${d.year}`)!;
      tally.findings++;
      tally.amount_eur += d.amount_eur ?? 0;
      tally.claimable_eur += d.claimable_eur;
      pending.push(d);
    }
    if (pending.length >= SAVE_BATCH) await flush();
  };
  // Rules sharing a read decide on each page as it comes, for every year: one read for all of them.
  const shared = new Set(RULES.flatMap((r) => ('read' in r ? [r.read] : [])));
  for (const read of shared) {
    const sharing = RULES.filter((r): r is SharedReadRule<unknown> => 'read' in r && r.read === read);
    for await (const pages of read.pages(contexts)) {
      await save(pages.flatMap(({ ctx, page }) => sharing.flatMap((r) => r.decide(ctx, page))));
    }
    done += sharing.length * contexts.length;
    onProgress(done, total);
  }
  for (const ctx of contexts) {
    for (const rule of RULES) {
      if (!('findings' in rule)) continue;
      for await (const batch of rule.findings(ctx)) await save(batch);
      onProgress(++done, total);
    }
  }
  await flush();
  for (const tally of tallies.values()) {
    tally.amount_eur = Math.round(tally.amount_eur * 100) / 100;
    tally.claimable_eur = Math.round(tally.claimable_eur * 100) / 100;
    part.tally.push(tally);
  }
  return part;
}

/** Worker threads for a run: the machine's two cores each take half of the years. */
const WORKERS = 2;

/**
 * A worker's heap: a run holds a page of units and a batch of findings at a time, whatever the comune's size
 * (a 100,000-parcel run fits in it; without a cap V8 lets the heap grow to gigabytes before collecting).
 */
const WORKER_HEAP_MB = Number(process.env.EDIGIT_AUDIT_HEAP_MB ?? 512);

/** Consecutive years in `n` groups of nearly equal size (a group's pages read its years' positions at once). */
export function splitYears(years: number[], n: number): number[][] {
  const sorted = [...years].sort((a, b) => a - b);
  const size = Math.ceil(sorted.length / n);
  const groups: number[][] = [];
  for (let i = 0; i < sorted.length; i += size) groups.push(sorted.slice(i, i + size));
  return groups;
}

/**
 * Runs the rules for a run already created and closes it; returns what it found and changed. Given where the
 * register is, the years are shared among worker threads with their own connections: the run uses both cores and
 * the server's event loop stays free for requests.
 */
export async function executeRun(
  store: Pick<Store, 'audit' | 'taxRates'>,
  run: AuditRun,
  onProgress: (done: number, total: number) => void = () => {},
  engine?: EngineRef,
): Promise<RunSummary> {
  const t0 = performance.now();
  const groups = engine ? splitYears(run.years, WORKERS) : [run.years];
  const progress = groups.map((years) => ({ done: 0, total: years.length * RULES.length }));
  const report = (i: number) => (done: number) => {
    progress[i]!.done = done;
    onProgress(
      progress.reduce((a, p) => a + p.done, 0),
      progress.reduce((a, p) => a + p.total, 0),
    );
  };
  const parts =
    engine && groups.length > 1
      ? await Promise.all(
          groups.map(
            (years, i) =>
              runInWorker(new URL('./audit-worker.ts', import.meta.url), { engine, run, years }, report(i), {
                resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
              }) as Promise<RunPart>,
          ),
        )
      : [await runYears(store, run, run.years, report(0))];
  const summary: RunSummary = {
    tally: parts.flatMap((p) => p.tally),
    added: parts.reduce((a, p) => a + p.added, 0),
    seen_again: parts.reduce((a, p) => a + p.seen_again, 0),
    reopened: parts.reduce((a, p) => a + p.reopened, 0),
    not_reproduced: await store.audit.closeRun(run.id, run.comune, run.years),
    seconds: 0,
  };
  summary.seconds = Math.round((performance.now() - t0) / 10) / 100;
  return summary;
}

/** What a failed run says, to the map and the command line alike (never the raw error). */
export const RUN_FAILED = 'verifica interrotta da un errore interno: ripeterla';

/** Creates the run and works it in the background; the caller answers 202 with the run to poll. */
export async function startAuditRun(
  deps: Deps,
  user: User,
  comune: string,
  years: number[],
  asOf: string,
): Promise<AuditRun> {
  const { audit } = deps.store;
  const run = await audit.createRun(user, comune, years, asOf);
  // Progress is a hint: a failed write of it must not end the server (nobody awaits it).
  const progress = (done: number, total: number) =>
    void audit.updateRun(run.id, { progress: done / total }).catch((e: Error) => {
      console.error('[edigit] avanzamento della verifica non registrato:', e.message);
    });
  // The run outlives the request that started it: it works within its comune, not whatever the request held.
  deps.store
    .withComuni([run.comune], () => executeRun(deps.store, run, progress, deps.engine))
    .then((summary) => audit.updateRun(run.id, { status: 'done', progress: 1, summary }))
    .catch((e: Error) => {
      console.error('[edigit] verifica tributaria fallita:', e);
      return audit.updateRun(run.id, {
        status: 'failed',
        error: RUN_FAILED,
      });
    })
    .catch((e: Error) => console.error('[edigit] esito della verifica non registrato:', e.message));
  return run;
}
