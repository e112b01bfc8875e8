// The audit against the generator's truth on a small seed: every injected anomaly is found, in its year,
// and nothing else (precision = recall = 1 per rule and year); a second run changes no finding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { score } from '../../server/audit/score.ts';
import { ENGINES, type EngineApp, makeEngineApp } from '../helpers/engine-app.ts';

describe.each(ENGINES)('audit scored against anomaly_truth (%s)', (engine) => {
  let t: EngineApp;
  beforeAll(async () => {
    t = await makeEngineApp(engine);
  });
  afterAll(() => t.close());

  async function runAudit(cookie: string) {
    const res = await t.request('/api/audit/runs', { method: 'POST', cookie, json: { comune: 'E617' } });
    expect(res.status).toBe(202);
    let run = await res.json();
    while (run.status === 'running') {
      await new Promise((r) => setTimeout(r, 50));
      run = await (await t.request(`/api/audit/runs/${run.id}`, { cookie })).json();
    }
    expect(run.status).toBe('done');
    return run;
  }

  it('finds every injected anomaly and nothing else, per rule and year', async () => {
    const cookie = await t.login('tributi');
    const run = await runAudit(cookie);
    const { truth, found } = await t.store.withComuni('all', () => t.store.audit.scoringKeys('E617', run.years));
    const scores = score(truth, found);
    const rules = new Set(scores.filter((s) => s.truth > 0).map((s) => s.rule));
    expect([...rules].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const s of scores) {
      expect({ rule: s.rule, year: s.year, precision: s.precision, recall: s.recall }).toEqual({
        rule: s.rule,
        year: s.year,
        precision: 1,
        recall: 1,
      });
    }
    const findings = await t.row<{ n: number }>(
      "SELECT CAST(count(*) AS INTEGER) AS n FROM audit_findings WHERE comune = 'E617'",
    );
    expect(run.summary.added).toBe(findings!.n);

    const again = await runAudit(cookie);
    expect(again.summary).toMatchObject({ added: 0, seen_again: run.summary.added, reopened: 0, not_reproduced: 0 });
  });
});
