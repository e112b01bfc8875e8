// The seven audit rules of domain.md, in order.
import type { AuditRule } from './rule.ts';
import { rule1 } from './rule-1-undeclared-unit.ts';
import { rule2 } from './rule-2-imu-underpaid.ts';
import { rule3 } from './rule-3-tari-surface.ts';
import { rule4 } from './rule-4-residents-without-tari.ts';
import { rule5 } from './rule-5-main-home-not-resident.ts';
import { rule6 } from './rule-6-building-without-units.ts';
import { rule7 } from './rule-7-building-land-as-agricultural.ts';

export const RULES: AuditRule[] = [rule1, rule2, rule3, rule4, rule5, rule6, rule7];
