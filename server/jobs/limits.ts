// The bounds of background work, from the configuration (config.ts): a hostile or oversized file ends its
// own job with a clear error, never the server.
export interface JobLimits {
  /** Largest upload, streamed to disk (never held whole in memory). */
  uploadBytes: number;
  /** Wall-clock time an import may take. */
  importTimeoutMs: number;
  /** V8 heap of an import's worker. */
  importHeapMb: number;
  /** Most objects (parcels and buildings) in one import. */
  importFeatures: number;
}

export const DEFAULT_JOB_LIMITS: JobLimits = {
  uploadBytes: 1024 * 1024 * 1024,
  importTimeoutMs: 30 * 60_000,
  importHeapMb: 2048,
  importFeatures: 2_000_000,
};
