import { describe, expect, it } from 'vitest';
import { RULE_TITLES } from '../../../server/audit/rule-titles.ts';
import { RULES } from '../../../server/audit/rules/index.ts';

// The worklist names the rules from RULE_TITLES: until each rule takes its title from there, they must agree.
describe('rule titles', () => {
  it('are the titles the seven rules carry', () => {
    expect(Object.fromEntries(RULES.map((r) => [r.rule, r.title]))).toEqual(RULE_TITLES);
  });
});
