import { describe, expect, it } from 'vitest';
import { calculateNotaryFees } from './notary.ts';
import type { NotaryInput } from './notary.schema.ts';

const TODAY = { year: 2026, month: 3, day: 15 };
const fees = (input: NotaryInput) => calculateNotaryFees(input, TODAY);

describe('calculateNotaryFees — rules by deed date', () => {
  it.each(['01/06/2019', '15/06/2019'])('reproduces the guide example (§15) exactly on %s', (dateeffet) => {
    // 2016 barème on 150 000: 1 626.41 + VAT 325.28 + 0.715 % 1 072.50 + CSI 150 + 1 360 = 4 534.19
    const result = fees({
      etatbien: 'Neuf', natureprojet: 'Acquisition', prix: 160000.0, prixmobilier: 10000.0, dateeffet,
    });
    expect(result.fraisnotaire).toBe(4534.19);
    expect(result.detail).toMatchObject({
      assiette: 150000, bareme: '2016', emoluments: 1626.41, tvaemoluments: 325.28,
      taxepublicitefonciere: 1072.5, contributionsecurite: 150, formalites: 1360,
    });
  });

  it('switches barème on 1 January 2021', () => {
    const at = (dateeffet: string) =>
      fees({ etatbien: 'Neuf', natureprojet: 'Acquisition', prix: 160000, prixmobilier: 10000, dateeffet });
    expect(at('31/12/2020').fraisnotaire).toBe(4534.19);
    // 2021 barème on 150 000: 1 595.75 + VAT 319.15 + 1 072.50 + 150 + 1 360 = 4 497.40
    expect(at('01/01/2021').fraisnotaire).toBe(4497.4);
  });

  it('uses dateeffet rather than the caller date', () => {
    const input: NotaryInput = { etatbien: 'Neuf', natureprojet: 'Acquisition', prix: 160000, prixmobilier: 10000 };
    expect(calculateNotaryFees(input, { year: 2019, month: 6, day: 15 }).fraisnotaire).toBe(4534.19);
    expect(calculateNotaryFees({ ...input, dateeffet: '15/03/2026' }, { year: 2019, month: 6, day: 15 }).fraisnotaire)
      .toBe(4497.4);
  });

  it('applies the pre-2025 departmental table to an old deed of existing property', () => {
    // 2016 barème 1 951.69 TTC + 4.50 % Paris: 150 000 × 5.80665 % = 8 709.975 → 8 709.98 + 150 + 1 360
    const result = fees({
      etatbien: 'Ancien', natureprojet: 'Acquisition', prix: 160000, prixmobilier: 10000, codepostal: '75001',
      dateeffet: '15/06/2019',
    });
    expect(result.fraisnotaire).toBe(12171.67);
    expect(result.detail.tauxdepartemental).toBe(4.5);
  });

  it('returns to 4.50 % after the increase window and flags the projected barème', () => {
    const result = fees({
      etatbien: 'Ancien', natureprojet: 'Acquisition', prix: 200_000, codepostal: '75011', dateeffet: '01/06/2028',
    });
    expect(result.fraisnotaire).toBe(15567.6);
    const text = result.hypotheses.join('\n');
    expect(text).toMatch(/ramené à 4,50 %/);
    expect(text).toMatch(/reconduit par hypothèse/);
  });
});
