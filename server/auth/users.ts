import { ROLES } from '../domain/users/user.ts';

/**
 * A new user's name, password and role, and that it has comuni, checked before the store is asked (the comuni's
 * codes and presence in the register are the store's to check); throws with the reason.
 */
export function checkNewUser(u: { username: string; password: string; role: string; comuni: string[] }): void {
  if (!/^[a-z0-9._-]{3,40}$/i.test(u.username))
    throw new Error('nome utente: da 3 a 40 caratteri tra lettere, cifre, . _ -');
  if (u.password.length < 8) throw new Error('password: almeno 8 caratteri');
  if (!(ROLES as readonly string[]).includes(u.role))
    throw new Error(`ruolo sconosciuto: ${u.role} (ammessi: ${ROLES.join(', ')})`);
  if (u.comuni.length === 0) throw new Error('indicare almeno un comune');
}
