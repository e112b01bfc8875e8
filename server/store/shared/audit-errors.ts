// The errors of the audit store, the same in both engines.
import { DomainError, invalidError, notFoundError, staleVersionError } from '../../errors/domain-error.ts';

export const findingNotFound = (id: number) => notFoundError(`Segnalazione ${id} non trovata`);

export const runNotFound = (id: number) => notFoundError(`Verifica ${id} non trovata`);

export const comuneNotInDatabase = (comune: string) => notFoundError(`comune ${comune} non presente nel database`);

/** One run at a time per comune. */
export const runInProgress = (comune: string, runId: number) =>
  new DomainError('conflict', 'run_in_progress', `È già in corso la verifica n. ${runId} del comune ${comune}`, {
    run: runId,
  });

/** The finding's version moved between the If-Match check and the write. */
export const findingChanged = () => staleVersionError('La segnalazione è stata modificata da un altro utente');

/** Findings are assigned to tax staff of their comune only: the error when `username` is not. */
export const invalidAssignee = (comune: string, username: string) =>
  invalidError('Assegnatario non valido', [
    { path: 'assignee', message: `${username} non è un utente tributi o admin del comune ${comune}` },
  ]);
