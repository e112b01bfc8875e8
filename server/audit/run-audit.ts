// An audit run: the seven rules over the claimable years of a comune, batch by batch (bounded memory),
// findings upserted as they come, progress in audit_runs so any request can follow it.
import type { User } from '../auth/users.ts';
import type { Deps } from '../http/env.ts';
import type { AuditRun, FindingDraft, RunSummary, RunTally } from '../store/audit.ts';
import type { Store } from '../store/store.ts';
import { RULES } from './rules/index.ts';
import type { RuleContext, SharedReadRule } from './rules/rule.ts';

const yieldToServer = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Findings saved together: one transaction (one WAL sync) per this many, not per page and rule. */
const SAVE_BATCH = 5000;

/** Runs the rules for a run already created; returns what it found and changed. */
export async function executeRun(
  store: Pick<Store, 'audit' | 'taxRates'>,
  run: AuditRun,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<RunSummary> {
  const t0 = performance.now();
  const total = run.years.length * RULES.length;
  const summary: RunSummary = { tally: [], added: 0, seen_again: 0, reopened: 0, not_reproduced: 0, seconds: 0 };
  let done = 0;
  const [delibere, tariffs, spread] = await Promise.all([
    store.taxRates.imuDelibere(run.comune),
    store.taxRates.tariTariffs(run.comune),
    store.taxRates.interestSpread(run.comune),
  ]);
  const contexts: RuleContext[] = [];
  for (const year of run.years) {
    const rates = { delibere, tariffs, spread, landValues: await store.taxRates.buildingLandValues(run.comune, year) };
    contexts.push({ comune: run.comune, year, asOf: run.as_of, facts: store.audit.candidates, rates });
  }
  const tallies = new Map<string, RunTally>();
  for (const year of run.years) {
    for (const r of RULES) tallies.set(`${r.rule}|${year}`, { rule: r.rule, year, findings: 0, amount_eur: 0, claimable_eur: 0 });
  }
  let pending: FindingDraft[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    const saved = await store.audit.saveFindings(run.id, run.comune, batch);
    summary.added += saved.added;
    summary.seen_again += saved.seen_again;
    summary.reopened += saved.reopened;
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
    summary.tally.push(tally);
  }
  summary.not_reproduced = await store.audit.closeRun(run.id, run.comune, run.years);
  summary.seconds = Math.round((performance.now() - t0) / 10) / 100;
  return summary;
}

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
  executeRun(deps.store, run, (done, total) => void audit.updateRun(run.id, { progress: done / total }))
    .then((summary) => audit.updateRun(run.id, { status: 'done', progress: 1, summary }))
    .catch((e: Error) => {
      console.error('[edigit] verifica tributaria fallita:', e);
      return audit.updateRun(run.id, {
        status: 'failed',
        error: 'verifica interrotta da un errore interno: ripeterla',
      });
    });
  return run;
}
