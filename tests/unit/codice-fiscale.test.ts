import { describe, expect, it } from 'vitest';
import {
  CF_INVALID_CHECK,
  CF_INVALID_FORMAT,
  checkCharacter,
  codiceFiscaleError,
  computeCodiceFiscale,
  isValidCodiceFiscale,
  omocode,
} from '../../server/domain/codice-fiscale/codice-fiscale.ts';

describe('codice fiscale', () => {
  it('computes the well-known example (Mario Rossi, 1985-12-10, Roma area A562)', () => {
    expect(
      computeCodiceFiscale({ surname: 'Rossi', name: 'Mario', sex: 'M', birthDate: '1985-12-10', birthPlace: 'A562' }),
    ).toBe('RSSMRA85T10A562S');
  });
  it('adds 40 to the day for women and takes 1st, 3rd, 4th consonant of long names', () => {
    const cf = computeCodiceFiscale({
      surname: 'Bianchi',
      name: 'Francesca',
      sex: 'F',
      birthDate: '1990-03-05',
      birthPlace: 'F205',
    });
    expect(cf.slice(0, 11)).toBe('BNCFNC90C45');
    expect(isValidCodiceFiscale(cf)).toBe(true);
  });
  it('pads short surnames with X', () => {
    expect(
      computeCodiceFiscale({
        surname: 'Fo',
        name: 'Dario',
        sex: 'M',
        birthDate: '1926-03-24',
        birthPlace: 'E734',
      }).slice(0, 3),
    ).toBe('FOX');
  });
  it('rejects a wrong check character and a wrong shape, with the reason', () => {
    expect(codiceFiscaleError('RSSMRA85T10A562X')).toBe(CF_INVALID_CHECK);
    expect(codiceFiscaleError('RSSMRA85T10A562')).toBe(CF_INVALID_FORMAT);
    expect(codiceFiscaleError('12345678901')).toBe(CF_INVALID_CHECK);
    expect(codiceFiscaleError('1234567890')).toBe(CF_INVALID_FORMAT);
  });
  it('checks 11-digit codes of legal persons (Comune di Milano 01199250158)', () => {
    expect(isValidCodiceFiscale('01199250158')).toBe(true);
    expect(isValidCodiceFiscale('01199250159')).toBe(false);
  });
  it('accepts omocodic codes and recomputes their check character', () => {
    const o = omocode('RSSMRA85T10A562S', 1);
    expect(o.slice(0, 15)).toBe('RSSMRA85T10A56NS'.slice(0, 15).replace(/.$/, 'N'));
    expect(isValidCodiceFiscale(o)).toBe(true);
    expect(checkCharacter(o.slice(0, 15))).toBe(o[15]);
  });
});
