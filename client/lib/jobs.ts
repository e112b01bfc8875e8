import { api } from './api.ts';

/** Polls a background job (export, import) until it is done or failed, reporting each state. */
export async function pollJob<J extends { id: string | number; status: string }>(
  url: string,
  first: J,
  onUpdate: (job: J) => void,
): Promise<J> {
  let job = first;
  onUpdate(job);
  while (job.status === 'queued' || job.status === 'running') {
    await new Promise((r) => setTimeout(r, 400));
    job = (await api<J>(`${url}/${job.id}`)).data;
    onUpdate(job);
  }
  return job;
}
