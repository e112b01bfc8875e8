// Which engine holds the register: EDIGIT_DB is a file path (embedded SQLite, the default) or a postgres://
// address (PostgreSQL/PostGIS). Processes choose from this; nothing below them names an engine.
import { resolve } from 'node:path';

export type EngineRef = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export const isPostgresUrl = (s: string) => /^postgres(ql)?:\/\//i.test(s);

export function engineOf(db: string): EngineRef {
  return isPostgresUrl(db) ? { kind: 'postgres', url: db } : { kind: 'sqlite', path: resolve(db) };
}

/** Where the register is, for messages: the file, or the address without its password. */
export function describeEngine(e: EngineRef): string {
  if (e.kind === 'sqlite') return e.path;
  const u = new URL(e.url);
  if (u.password) u.password = '***';
  return `PostgreSQL ${u.href}`;
}

/** The SQLite file of the register, or null on another engine. */
export const sqliteFile = (e: EngineRef): string | null => (e.kind === 'sqlite' ? e.path : null);
