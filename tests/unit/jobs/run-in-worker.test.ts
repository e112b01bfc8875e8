// Background work fails in Italian: a worker's raw error never becomes a job's message.
import { describe, expect, it, vi } from 'vitest';
import { JobError, jobErrorMessage, runInWorker } from '../../../server/jobs/run-in-worker.ts';

const WORKER = new URL('./failing-worker.ts', import.meta.url);
const INTERNAL = "errore interno durante l'elaborazione: riprovare; se si ripete, avvisare l'amministratore";
const failure = (how: string) =>
  runInWorker(WORKER, { how }, () => {}, { resourceLimits: { maxOldGenerationSizeMb: 32 } }).then(
    () => null,
    (e: unknown) => e,
  );

describe('runInWorker', () => {
  it("keeps an expected failure's message, and logs an unexpected one without passing it on", async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const expected = await failure('expected');
    expect(expected).toBeInstanceOf(JobError);
    expect((expected as Error).message).toBe('riga 6: coordinate non numeriche');
    expect(log).not.toHaveBeenCalled();
    const raw = await failure('raw');
    expect((raw as Error).message).toBe(INTERNAL);
    expect(String(log.mock.calls[0]![1])).toBe('SQLITE_CORRUPT: database disk image is malformed');
    expect(((await failure('exit')) as Error).message).toBe(INTERNAL);
    log.mockRestore();
  });

  it('says when the work ran out of its memory', { timeout: 30_000 }, async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(((await failure('memory')) as Error).message).toBe(
      "memoria insufficiente per l'elaborazione: ridurre il file o l'area",
    );
    log.mockRestore();
  });

  it('stops a worker past its time, or when its owner cancels it', async () => {
    const slow = await runInWorker(WORKER, { how: 'hang' }, () => {}, { timeoutMs: 300 }).catch((e: Error) => e);
    expect((slow as Error).message).toBe('tempo massimo (1 s) superato: operazione interrotta, nessuna modifica');
    const owner = new AbortController();
    const running = runInWorker(WORKER, { how: 'hang' }, () => {}, { signal: owner.signal }).catch((e: Error) => e);
    owner.abort();
    expect(((await running) as Error).message).toBe("annullata dall'utente: nessuna modifica");
  });

  it('turns any other error into the Italian message for the job', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(jobErrorMessage(new JobError('file vuoto'))).toBe('file vuoto');
    expect(jobErrorMessage(new Error('SQLITE_BUSY: database is locked'))).toBe(INTERNAL);
    log.mockRestore();
  });
});
