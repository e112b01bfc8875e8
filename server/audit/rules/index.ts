// The seven audit rules of domain.md, in order.
import type { AuditRule } from './rule.ts';
import { rule6 } from './rule-6-building-without-units.ts';

export const RULES: AuditRule[] = [rule6];
