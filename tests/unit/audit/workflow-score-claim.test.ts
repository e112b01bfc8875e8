// The findings workflow's transitions, scoring against the truth, and what a shortfall can be claimed for.
import { describe, expect, it } from 'vitest';
import { claimOf } from '../../../server/audit/claim.ts';
import { score } from '../../../server/audit/score.ts';
import { transitionProblem } from '../../../server/domain/audit/workflow.ts';

describe('workflow', () => {
  it("allows the issue's path and names the field of a refusal", () => {
    expect(transitionProblem('da_verificare', 'in_istruttoria', undefined)).toBeNull();
    expect(transitionProblem('in_istruttoria', 'accertato', undefined)).toBeNull();
    expect(transitionProblem('in_istruttoria', 'archiviato', 'pagato')).toBeNull();
    expect(transitionProblem('da_verificare', 'accertato', undefined)?.path).toBe('state');
    expect(transitionProblem('accertato', 'da_verificare', undefined)?.path).toBe('state');
    expect(transitionProblem('da_verificare', 'non_piu_riscontrato', undefined)?.path).toBe('state');
    expect(transitionProblem('in_istruttoria', 'archiviato', '  ')?.path).toBe('note');
    expect(transitionProblem('accertato', undefined, 'una nota')).toBeNull();
  });
});

describe('score', () => {
  it('gives precision and recall per rule and year, on objects, rule 6 without a year', () => {
    const truth = [
      { rule: 1, year: 2024, object: 'u1' },
      { rule: 1, year: 2024, object: 'u2' },
      { rule: 6, year: null, object: 'b9' },
    ];
    const found = [
      { rule: 1, year: 2024, object: 'u1' },
      { rule: 1, year: 2024, object: 'u1' },
      { rule: 1, year: 2024, object: 'u3' },
      { rule: 6, year: 2026, object: 'b9' },
    ];
    expect(score(truth, found)).toEqual([
      { rule: 1, year: 2024, truth: 2, found: 2, hits: 1, precision: 0.5, recall: 0.5 },
      { rule: 6, year: null, truth: 1, found: 1, hits: 1, precision: 1, recall: 1 },
    ]);
  });
});

describe('claim', () => {
  it('adds sanction and interest of the overdue instalments, and nothing once time-barred', () => {
    // 500 due 16/06/2023 and 500 due 18/12/2023 (the 16th was a Saturday); 30% each (before September 2024);
    // interest 43,45 + 30,78 at 5%, 2.5%, 2%, 1.6% day by day to 02/12/2026.
    const c = claimOf(1000, 2023, 'IMU', 'omesso_versamento', '2026-12-02', 0);
    expect(c.claimable_eur).toBe(1374.23);
    expect(c.steps.filter((s) => s.rule.includes('471/1997')).map((s) => s.amount)).toEqual([150, 150]);
    expect(claimOf(1000, 2020, 'IMU', 'omesso_versamento', '2026-12-02', 0).claimable_eur).toBe(0);
    expect(claimOf(0, 2023, 'IMU', 'omesso_versamento', '2026-12-02', 0).claimable_eur).toBe(0);
  });
  it('claims only what is already due: the December TARI of the current year is not', () => {
    expect(claimOf(300, 2026, 'TARI', 'omessa_dichiarazione', '2026-12-02', 0).claimable_eur).toBe(0);
    // Only the acconto (500, 16/06/2026) is overdue: 25% sanction and 169 days at 1.6%.
    expect(claimOf(1000, 2026, 'IMU', 'omesso_versamento', '2026-12-02', 0).claimable_eur).toBe(628.7);
  });
});
