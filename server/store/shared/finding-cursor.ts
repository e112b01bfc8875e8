// The keyset cursor of the findings list, over (claimable_eur desc, id): opaque to clients.
import { invalidError } from '../../errors/domain-error.ts';

export function encodeCursor(claimable: number, id: number): string {
  return Buffer.from(JSON.stringify([claimable, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [number, number] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && Number.isInteger(v[1]))
      return v as [number, number];
  } catch {
    /* falls through to the 422 */
  }
  throw invalidError('Cursore non valido', [
    { path: 'cursor', message: 'usare il valore «next» della pagina precedente' },
  ]);
}
