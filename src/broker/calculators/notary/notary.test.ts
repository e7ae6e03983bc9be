import { describe, expect, it } from 'vitest';
import { CalculatorInputError } from '../input-error.ts';
import { calculateNotaryFees } from './notary.ts';
import type { NotaryInput } from './notary.schema.ts';

const TODAY = { year: 2026, month: 3, day: 15 };
const fees = (input: NotaryInput) => calculateNotaryFees(input, TODAY);
const old200k = (extra: Partial<NotaryInput> = {}): NotaryInput => ({
  etatbien: 'Ancien', natureprojet: 'Acquisition', prix: 200_000, ...extra,
});

/*
 * Current rules (2021 barème) on a 200 000 € base, computed by hand:
 *   émoluments 6 500×3.870 % + 10 500×1.596 % + 43 000×1.064 % + 140 000×0.799 %
 *            = 251.55 + 167.58 + 457.52 + 1 118.60 = 1 995.25 ; VAT 20 % = 399.05
 *   CSI 0.10 % = 200.00 ; formalities 1 360.00 ; common part = 3 954.30
 *   DMTO 3.80 %: 7 600 + 2.37 % × 7 600 = 180.12 + 1.20 % = 2 400 → 10 180.12
 *   DMTO 4.50 %: 9 000 + 213.30 + 2 400 → 11 613.30
 *   DMTO 5.00 %: 10 000 + 237.00 + 2 400 → 12 637.00
 */
describe('calculateNotaryFees — current rules, existing property', () => {
  it.each([
    ['Indre 3.80 %', '36000', false, 3.8, 14134.42],
    ['Indre 3.80 %, first-time buyer', '36000', true, 3.8, 14134.42],
    ['Eure 4.50 %', '27000', false, 4.5, 15567.6],
    ['Eure 4.50 %, first-time buyer', '27000', true, 4.5, 15567.6],
    ['Paris 5.00 %', '75011', false, 5, 16591.3],
    ['Paris 5.00 %, first-time buyer → 4.50 %', '75011', true, 4.5, 15567.6],
  ])('%s', (_label, codepostal, primoaccedant, rate, expected) => {
    const result = fees(old200k({ codepostal, primoaccedant }));
    expect(result.fraisnotaire).toBe(expected);
    expect(result.detail.tauxdepartemental).toBe(rate);
    expect(result.detail).toMatchObject({
      emoluments: 1995.25, tvaemoluments: 399.05, contributionsecurite: 200, formalites: 1360,
    });
  });

  it('keeps the guide key first and explains the increase', () => {
    const result = fees(old200k({ codepostal: '75011' }));
    expect(Object.keys(result)[0]).toBe('fraisnotaire');
    expect(result.detail.droitsmutation).toBe(12637);
    expect(result.detail.tauxdroits).toBe(6.3185);
    expect(result.hypotheses.join('\n')).toMatch(/non primo-accédant/);
  });

  it('uses the most common departmental rate (5.00 %) without a département, and says so', () => {
    const result = fees(old200k());
    expect(result.fraisnotaire).toBe(16591.3);
    expect(result.hypotheses.join('\n')).toMatch(/Département non renseigné.*5,00 %/);
    expect(fees(old200k({ primoaccedant: true })).fraisnotaire).toBe(15567.6);
  });

  it('accepts an explicit département, case-insensitively for Corsica', () => {
    expect(fees(old200k({ departement: '36' })).fraisnotaire).toBe(14134.42);
    expect(fees(old200k({ departement: '2a' })).detail.departement).toBe('2A');
  });
});

describe('calculateNotaryFees — spec B.3 cross-checks on the seed input', () => {
  const seed = (extra: Partial<NotaryInput>): NotaryInput => ({
    etatbien: 'Ancien', natureprojet: 'Acquisition', prix: 160_000, prixmobilier: 10_000, ...extra,
  });
  it.each([
    [{ etatbien: 'Neuf' as const }, 4497.4],
    [{ codepostal: '75001' }, 12902.65],
    [{ codepostal: '75001', primoaccedant: true }, 12134.88],
    [{ codepostal: '36000' }, 11059.99],
  ])('%o → %d', (extra, expected) => {
    expect(fees(seed(extra)).fraisnotaire).toBe(expected);
  });
});

describe('calculateNotaryFees — new build', () => {
  // 2 394.30 + 0.715 % × 200 000 = 1 430.00 + 200 + 1 360 = 5 384.30, wherever the property is.
  it('applies the 0.715 % publicity tax instead of DMTO', () => {
    const result = fees({ etatbien: 'Neuf', natureprojet: 'Acquisition', prix: 200_000, codepostal: '75011' });
    expect(result.fraisnotaire).toBe(5384.3);
    expect(result.detail).toMatchObject({ regime: 'neuf', taxepublicitefonciere: 1430, droitsmutation: 0 });
    expect(fees({ etatbien: 'Neuf', natureprojet: 'Acquisition', prix: 200_000, primoaccedant: true }).fraisnotaire)
      .toBe(5384.3);
  });

  it('treats a VEFA as new build even when etatbien says "Ancien"', () => {
    expect(fees(old200k({ natureprojet: 'Acquisition en VEFA', codepostal: '75011' })).fraisnotaire).toBe(5384.3);
  });
});

describe('calculateNotaryFees — furniture and project natures', () => {
  /*
   * 210 000 € with 10 000 € of furniture, Paris, existing property.
   * Deducted → base 200 000 → 16 591.30 (above).
   * Not deducted → base 210 000: émoluments 876.65 + 150 000×0.799 % = 2 075.15, VAT 415.03,
   * DMTO 10 500 + 248.85 + 2 520 = 13 268.85, CSI 210, formalities 1 360 → 17 329.03.
   */
  const furnished = (natureprojet: NotaryInput['natureprojet']) =>
    fees({ etatbien: 'Ancien', natureprojet, prix: 210_000, prixmobilier: 10_000, codepostal: '75011' });

  it.each(['Acquisition', 'Acquisition + travaux'] as const)('deducts the furniture for "%s"', (nature) => {
    expect(furnished(nature).fraisnotaire).toBe(16591.3);
    expect(furnished(nature).detail.assiette).toBe(200_000);
  });

  it.each(['Terrain', 'Terrain + construction', 'Rachat de soulte'] as const)('ignores it for "%s"', (nature) => {
    const result = furnished(nature);
    expect(result.fraisnotaire).toBe(17329.03);
    expect(result.hypotheses.join('\n')).toMatch(/prixmobilier ignoré/);
  });

  it.each([
    'Achat de SCPI', 'Construction', 'Crédit professionnel', 'Prêt perso', 'Rachat de prêt',
    'Renégociation de crédits', 'Travaux seuls',
  ] as const)('"%s" has no acquisition: 0 €', (natureprojet) => {
    const result = fees({ etatbien: 'Ancien', natureprojet, prix: 200_000 });
    expect(result.fraisnotaire).toBe(0);
    expect(result.detail.regime).toBe('sans acquisition');
    expect(result.hypotheses[0]).toMatch(/0 €/);
  });

  it('applies the 90 € minimum of émoluments', () => {
    // 1 000 € of land in Indre: barème 38.70 → 90, VAT 18, DMTO 5.09006 % = 50.90, CSI 15, 1 360 → 1 533.90.
    const result = fees({ etatbien: 'Ancien', natureprojet: 'Terrain', prix: 1000, codepostal: '36000' });
    expect(result.fraisnotaire).toBe(1533.9);
    expect(result.detail.emoluments).toBe(90);
  });
});

describe('calculateNotaryFees — Corsica and overseas', () => {
  it.each(['20000', '20167', '20200', '20600'])('Corsica %s is at 5.00 %%', (codepostal) => {
    expect(fees(old200k({ codepostal })).fraisnotaire).toBe(16591.3);
  });

  it('maps Corsican postal codes to 2A / 2B', () => {
    expect(fees(old200k({ codepostal: '20090' })).detail.departement).toBe('2A');
    expect(fees(old200k({ codepostal: '20290' })).detail.departement).toBe('2B');
  });

  it.each([
    // 1 995.25 + VAT 8.5 % 169.60 + DMTO 5.00 % 12 637.00 + 200 + 1 537.10 (Martinique at 5 % since 1 Feb 2026)
    ['97200', '972', 16538.95],
    // 1 995.25 + no VAT + DMTO 3.80 % 10 180.12 + 200 + 1 721.50
    ['97600', '976', 14096.87],
    // 1 995.25 + VAT 8.5 % 169.60 + DMTO 5.00 % 12 637.00 + 200 + 1 721.50
    ['97400', '974', 16723.35],
  ])('overseas %s → %s', (codepostal, departement, expected) => {
    const result = fees(old200k({ codepostal }));
    expect(result.detail.departement).toBe(departement);
    expect(result.fraisnotaire).toBe(expected);
  });
});

describe('calculateNotaryFees — input errors', () => {
  const fieldOf = (input: NotaryInput): string | undefined => {
    try {
      fees(input);
    } catch (error) {
      if (error instanceof CalculatorInputError) return error.field;
      throw error;
    }
    return undefined;
  };

  it.each([
    [{ codepostal: '99999' }, 'codepostal'],
    [{ codepostal: '00100' }, 'codepostal'],
    [{ codepostal: '20700' }, 'codepostal'],
    [{ codepostal: '97500' }, 'codepostal'],
    [{ codepostal: '98000' }, 'codepostal'],
    [{ departement: '20' }, 'departement'],
    [{ departement: '975' }, 'departement'],
    [{ departement: '99' }, 'departement'],
    [{ codepostal: '75011', departement: '92' }, 'departement'],
    [{ prixmobilier: 200_000 }, 'prixmobilier'],
    [{ prixmobilier: -1 }, 'prixmobilier'],
    [{ prix: 0 }, 'prix'],
    [{ dateeffet: '30/04/2016' }, 'dateeffet'],
    [{ dateeffet: '31/02/2025' }, 'dateeffet'],
  ])('%o → CalculatorInputError(%s)', (extra, field) => {
    expect(fieldOf(old200k(extra))).toBe(field);
  });

  it('validates the département even when no acquisition is involved', () => {
    expect(fieldOf({ etatbien: 'Ancien', natureprojet: 'Prêt perso', prix: 1, codepostal: '99999' })).toBe('codepostal');
  });
});
