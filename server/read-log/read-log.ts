import type { User } from '../auth/users.ts';
import type { Db } from '../db/open.ts';

/** GDPR: every read of personal data is logged with who, when and what. */
export function logPersonalRead(db: Db, user: User, entity: string, entityId: number, what: string): void {
  db.prepare('INSERT INTO personal_data_reads (user_id, username, entity, entity_id, what) VALUES (?, ?, ?, ?, ?)').run(
    user.id,
    user.username,
    entity,
    entityId,
    what,
  );
}
