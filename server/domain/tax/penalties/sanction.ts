// The sanction entry point: one case, one of the two sanction rules.
import type { SanctionCase, SanctionResult } from '../types.ts';
import { declarationSanction } from './declaration.ts';
import { latePaymentSanction } from './late-payment.ts';

export function sanction(c: SanctionCase): SanctionResult {
  return c.kind === 'omesso_versamento'
    ? latePaymentSanction(c.tax, c.due, c.paid_on)
    : declarationSanction(c.kind, c.tax, c.tributo, c.percent);
}
