// An audit run: the seven rules over the claimable years of a comune, batch by batch (bounded memory),
// findings upserted as they come, progress in audit_runs so any request can follow it.
import type { User } from '../auth/users.ts';
import type { Deps } from '../http/env.ts';
import type { AuditRun, RunSummary, RunTally } from '../store/audit.ts';
import type { Store } from '../store/store.ts';
import { RULES } from './rules/index.ts';

const yieldToServer = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs the rules for a run already created; returns what it found and changed. */
export async function executeRun(store: Pick<Store, 'audit' | 'taxRates'>, run: AuditRun,
  onProgress: (done: number, total: number) => void = () => {}): Promise<RunSummary> {
  const t0 = performance.now();
  const total = run.years.length * RULES.length;
  const summary: RunSummary = { tally: [], added: 0, seen_again: 0, reopened: 0, not_reproduced: 0, seconds: 0 };
  let done = 0;
  const [delibere, tariffs, spread] = await Promise.all([store.taxRates.imuDelibere(run.comune),
    store.taxRates.tariTariffs(run.comune), store.taxRates.interestSpread(run.comune)]);
  for (const year of run.years) {
    const rates = { delibere, tariffs, spread, landValues: await store.taxRates.buildingLandValues(run.comune, year) };
    for (const rule of RULES) {
      const tally: RunTally = { rule: rule.rule, year, findings: 0, amount_eur: 0, claimable_eur: 0 };
      for await (const batch of rule.findings({ comune: run.comune, year, years: run.years, asOf: run.as_of, facts: store.audit.candidates, rates })) {
        const saved = await store.audit.saveFindings(run.id, run.comune, batch);
        summary.added += saved.added;
        summary.seen_again += saved.seen_again;
        summary.reopened += saved.reopened;
        for (const d of batch) {
          tally.findings++;
          tally.amount_eur += d.amount_eur ?? 0;
          tally.claimable_eur += d.claimable_eur;
        }
        await yieldToServer();
      }
      tally.amount_eur = Math.round(tally.amount_eur * 100) / 100;
      tally.claimable_eur = Math.round(tally.claimable_eur * 100) / 100;
      summary.tally.push(tally);
      onProgress(++done, total);
    }
  }
  summary.not_reproduced = await store.audit.closeRun(run.id, run.comune, run.years);
  summary.seconds = Math.round((performance.now() - t0) / 10) / 100;
  return summary;
}

/** Creates the run and works it in the background; the caller answers 202 with the run to poll. */
export async function startAuditRun(deps: Deps, user: User, comune: string, years: number[], asOf: string): Promise<AuditRun> {
  const { audit } = deps.store;
  const run = await audit.createRun(user, comune, years, asOf);
  executeRun(deps.store, run, (done, total) => void audit.updateRun(run.id, { progress: done / total }))
    .then((summary) => audit.updateRun(run.id, { status: 'done', progress: 1, summary }))
    .catch((e: Error) => {
      console.error('[edigit] verifica tributaria fallita:', e);
      return audit.updateRun(run.id, { status: 'failed', error: 'verifica interrotta da un errore interno: ripeterla' });
    });
  return run;
}
