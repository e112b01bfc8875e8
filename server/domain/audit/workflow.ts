// The workflow of a finding: which state may follow which, and what a change must carry. Pure.

export const FINDING_STATES = [
  'da_verificare',
  'in_istruttoria',
  'accertato',
  'archiviato',
  'non_piu_riscontrato',
] as const;
export type FindingState = (typeof FINDING_STATES)[number];

/** States a user may move a finding to. non_piu_riscontrato is set only by a run that no longer finds it. */
const NEXT: Record<FindingState, readonly FindingState[]> = {
  da_verificare: ['in_istruttoria', 'archiviato'],
  in_istruttoria: ['accertato', 'archiviato', 'da_verificare'],
  accertato: [],
  // A dismissal can be reopened when new facts come in.
  archiviato: ['in_istruttoria'],
  non_piu_riscontrato: ['archiviato'],
};

/** States still to be worked or recovered: they count in the € the dashboard shows. */
export const LIVE_STATES: readonly FindingState[] = ['da_verificare', 'in_istruttoria', 'accertato'];
/** States a run no longer reproducing the finding turns into non_piu_riscontrato (closed cases keep their outcome). */
export const OPEN_STATES: readonly FindingState[] = ['da_verificare', 'in_istruttoria'];

export const STATE_LABELS: Record<FindingState, string> = {
  da_verificare: 'da verificare',
  in_istruttoria: 'in istruttoria',
  accertato: 'accertato',
  archiviato: 'archiviato',
  non_piu_riscontrato: 'non più riscontrato',
};

export interface FieldProblem {
  path: string;
  message: string;
}

/** Why a change from `from` to `to` (with `note`) is refused, naming the field; null when allowed. */
export function transitionProblem(
  from: FindingState,
  to: FindingState | undefined,
  note: string | undefined,
): FieldProblem | null {
  if (to === undefined || to === from) return null;
  if (!NEXT[from].includes(to)) {
    const allowed = NEXT[from].map((s) => STATE_LABELS[s]).join(', ') || 'nessuno (stato finale)';
    return {
      path: 'state',
      message: `Passaggio non consentito da «${STATE_LABELS[from]}» a «${STATE_LABELS[to]}»: ammessi ${allowed}`,
    };
  }
  if (to === 'archiviato' && !note?.trim()) {
    return { path: 'note', message: 'Per archiviare una segnalazione occorre indicarne il motivo nella nota' };
  }
  return null;
}
