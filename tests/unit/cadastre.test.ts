import { describe, expect, it } from 'vitest';
import { normaliseCategoria } from '../../server/domain/cadastre/categoria.ts';
import { formatUnitKey, isBelfiore, parseCadastralRef } from '../../server/domain/cadastre/reference.ts';

describe('cadastral keys', () => {
  it('normalises census categories', () => {
    expect(normaliseCategoria('A2')).toBe('A/2');
    expect(normaliseCategoria('a/10')).toBe('A/10');
    expect(normaliseCategoria('C06')).toBe('C/6');
    expect(normaliseCategoria('A12')).toBeNull();
    expect(normaliseCategoria('G1')).toBeNull();
    expect(normaliseCategoria('D/10')).toBe('D/10');
  });
  it('parses foglio/particella[/sub] as users type them', () => {
    expect(parseCadastralRef('12/345')).toEqual({ foglio: '12', particella: '345' });
    expect(parseCadastralRef('0012/0345/3')).toEqual({ foglio: '12', particella: '345', subalterno: '3' });
    expect(parseCadastralRef('fg 12 part 345 sub 7')).toEqual({ foglio: '12', particella: '345', subalterno: '7' });
    expect(parseCadastralRef('Via Roma 12')).toBeNull();
    expect(parseCadastralRef("1/2'; DROP TABLE parcels; --")).toBeNull();
  });
  it('formats a unit key and checks Belfiore codes', () => {
    expect(formatUnitKey({ comune: 'E617', foglio: '12', particella: '345', subalterno: '3' })).toBe(
      'E617 fg. 12 part. 345 sub. 3',
    );
    expect(isBelfiore('E617')).toBe(true);
    expect(isBelfiore('E61')).toBe(false);
    expect(isBelfiore('e617')).toBe(false);
  });
});
