// Sessions a connection has looked up, by token: a map's tiles ask for the same session dozens of times a second,
// and hashing the token and querying cost a third of a warm tile. The entries are dropped whenever another
// connection commits to the register or to the activity database (a logout or a grant in another web process or
// on the command line), so a session is never trusted after it ended; this connection's own logouts and grants
// drop theirs.
import { LRUCache } from 'lru-cache';
import type { Db } from '../../db/open.ts';
import type { User } from '../../domain/users/user.ts';
import { dataVersion } from './data-version.ts';

export interface KnownSession {
  user: User;
  expiresMs: number;
}

const known = new WeakMap<Db, { sessions: LRUCache<string, KnownSession>; versions: string }>();

export function knownSessions(db: Db): LRUCache<string, KnownSession> {
  let c = known.get(db);
  if (!c) known.set(db, (c = { sessions: new LRUCache({ max: 10_000 }), versions: '' }));
  const versions = `${dataVersion(db, 'main')}|${dataVersion(db, 'activity')}`;
  if (versions !== c.versions) {
    c.sessions.clear();
    c.versions = versions;
  }
  return c.sessions;
}

/** After this connection changed users or their comuni: their sessions are read again. */
export function forgetKnownSessions(db: Db): void {
  known.get(db)?.sessions.clear();
}
