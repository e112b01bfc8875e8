// Starting the audit of a comune from the worklist: the run is a server job; we follow its progress.
import type { AuditRun } from '../../server/store/audit.ts';
import { api } from '../lib/api.ts';
import { pollJob } from '../lib/jobs.ts';

/** The run as the server sends it (its own type). */
export type AuditRunJob = AuditRun;

/** Runs the audit of `comune` over every claimable year, reporting progress 0…1; resolves with the last state. */
export async function runAudit(comune: string, onProgress: (p: number) => void): Promise<AuditRunJob> {
  const first = (await api<AuditRunJob>('/api/audit/runs', { method: 'POST', json: { comune } })).data;
  return pollJob('/api/audit/runs', first, (j) => onProgress(j.progress));
}
