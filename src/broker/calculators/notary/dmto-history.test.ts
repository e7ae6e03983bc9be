/**
 * Departmental DMTO rates era by era (data/reference/notaire/dmto.json), each pinned by a full
 * calculation on a deed date inside the era. Existing property, 200 000 €, no furniture.
 *
 * Common parts, computed by hand:
 *   2016 barème (deeds before 2021): émoluments 256.425 + 170.835 + 466.55 + 1 139.60 = 2 033.41;
 *     VAT 20 % 406.68, 8.5 % 172.84.
 *   2021 barème: émoluments 1 995.25; VAT 20 % 399.05, 8.5 % 169.60, 0 % in 973/976.
 *   CSI 200.00; formalities 1 360.00 (metropole), 1 537.10 (971–973), 1 721.50 (974, 976).
 *   DMTO = 200 000 × (r × 1.0237 + 1.20) %: 3.80 → 10 180.12; 4.45 → 11 510.93; 4.50 → 11 613.30;
 *     5.00 → 12 637.00.
 */
import { describe, expect, it } from 'vitest';
import { calculateNotaryFees, type NotaryResult } from './notary.ts';
import type { NotaryInput } from './notary.schema.ts';

const TODAY = { year: 2026, month: 12, day: 1 };
const deed = (departement: string, dateeffet: string | undefined, extra: Partial<NotaryInput> = {}): NotaryResult =>
  calculateNotaryFees(
    { etatbien: 'Ancien', natureprojet: 'Acquisition', prix: 200_000, departement, dateeffet, ...extra },
    TODAY,
  );
const text = (result: NotaryResult) => result.hypotheses.join('\n');

// 2021 barème, metropole: 1 995.25 + 399.05 + 200 + 1 360 = 3 954.30 plus DMTO.
const METRO_2021 = { 3.8: 14134.42, 4.5: 15567.6, 5: 16591.3 } as const;

describe('DMTO from 1 May 2016 to 31 May 2017', () => {
  it('Martinique at 3.80 %: 2 033.41 + 172.84 + 10 180.12 + 200 + 1 537.10', () => {
    const result = deed('972', '01/06/2016');
    expect(result.detail.tauxdepartemental).toBe(3.8);
    expect(result.fraisnotaire).toBe(14123.47);
  });

  it('Côte-d\'Or at 4.45 %: 2 033.41 + 406.68 + 11 510.93 + 200 + 1 360', () => {
    const result = deed('21', '31/05/2017');
    expect(result.detail.tauxdepartemental).toBe(4.45);
    expect(result.fraisnotaire).toBe(15511.02);
  });
});

describe('DMTO from 1 June 2017', () => {
  it.each([
    // 2 033.41 + 172.84 + 11 613.30 + 200 + 1 537.10
    ['972', 4.5, 15556.65],
    // 2 033.41 + 406.68 + 11 613.30 + 200 + 1 360
    ['21', 4.5, 15613.39],
    // 2 033.41 + 406.68 + 10 180.12 + 200 + 1 360
    ['38', 3.8, 14180.21],
  ])('%s at %d %% on 01/06/2017', (departement, rate, expected) => {
    const result = deed(departement, '01/06/2017');
    expect(result.detail.tauxdepartemental).toBe(rate);
    expect(result.fraisnotaire).toBe(expected);
  });
});

describe('DMTO from 1 June 2022: Isère at 4.50 %', () => {
  it('Isère 3.80 % on 31/05/2022, 4.50 % on 01/06/2022', () => {
    expect(deed('38', '31/05/2022').fraisnotaire).toBe(METRO_2021[3.8]);
    expect(deed('38', '01/06/2022').fraisnotaire).toBe(METRO_2021[4.5]);
  });

  it('on 1 June 2024 only Indre, Morbihan and Mayotte are at 3.80 %', () => {
    for (const code of ['36', '56']) expect(deed(code, '15/06/2024').fraisnotaire, code).toBe(METRO_2021[3.8]);
    // Mayotte: 1 995.25 + no VAT + 10 180.12 + 200 + 1 721.50
    expect(deed('976', '15/06/2024').fraisnotaire).toBe(14096.87);
    for (const code of ['38', '21', '75']) expect(deed(code, '15/06/2024').fraisnotaire, code).toBe(METRO_2021[4.5]);
  });
});

describe('the 2025 increase in waves', () => {
  it('1 April 2025: the 27 départements of the DGFiP review, not the others', () => {
    expect(deed('75', '31/03/2025').fraisnotaire).toBe(METRO_2021[4.5]);
    expect(deed('75', '01/04/2025').fraisnotaire).toBe(METRO_2021[5]);
    expect(deed('21', '01/04/2025').fraisnotaire).toBe(METRO_2021[5]);
    expect(deed('33', '15/04/2025').fraisnotaire).toBe(METRO_2021[4.5]);
    expect(text(deed('75', '01/04/2025'))).not.toMatch(/incertaine/);
  });

  it('1 May 2025: a derived département goes up, and the output says its date is derived', () => {
    const gironde = deed('33', '15/05/2025');
    expect(gironde.fraisnotaire).toBe(METRO_2021[5]);
    expect(text(gironde)).toMatch(/Date de changement de taux incertaine.*par déduction.*5,00 % appliqué au 15\/05\/2025, 4,50 % sinon/);
    // A first-time buyer pays 4.50 % either way: nothing to say.
    expect(text(deed('33', '15/05/2025', { primoaccedant: true }))).not.toMatch(/incertaine/);
    // From the DGFiP table of 1 January 2026 the rate is no longer uncertain.
    expect(text(deed('33', '15/01/2026'))).not.toMatch(/incertaine/);
  });

  it('01, 03, 04, 38, 40, 90 stay at 4.50 % after the 1 May wave', () => {
    for (const code of ['01', '03', '04', '38', '40', '90']) {
      expect(deed(code, '31/05/2025').fraisnotaire, code).toBe(METRO_2021[4.5]);
    }
  });

  it('Ain goes up on 1 June 2025 or 1 January 2026: 5.00 % applied, 4.50 % named', () => {
    const ain = deed('01', '01/07/2025');
    expect(ain.fraisnotaire).toBe(METRO_2021[5]);
    expect(text(ain)).toMatch(/01\/06\/2025 ou au 01\/01\/2026.*5,00 % appliqué au 01\/07\/2025, 4,50 % sinon/);
  });

  it('Isère and Guyane go up on 1 June 2025, without an uncertainty note', () => {
    const isere = deed('38', '15/07/2025');
    expect(isere.fraisnotaire).toBe(METRO_2021[5]);
    expect(text(isere)).not.toMatch(/incertaine/);
    // Guyane: 1 995.25 + no VAT + DMTO + 200 + 1 537.10
    expect(deed('973', '31/05/2025').fraisnotaire).toBe(15345.65);
    expect(deed('973', '01/06/2025').fraisnotaire).toBe(16369.35);
  });

  it('without a département, the most common rate of each wave', () => {
    const noDept = (dateeffet: string) => calculateNotaryFees(
      { etatbien: 'Ancien', natureprojet: 'Acquisition', prix: 200_000, dateeffet }, TODAY,
    );
    expect(noDept('15/04/2025').fraisnotaire).toBe(METRO_2021[4.5]);
    expect(noDept('15/05/2025').fraisnotaire).toBe(METRO_2021[5]);
  });
});

describe('Morbihan: 3.80 % straight to 5.00 %, on a conflicting date', () => {
  it('3.80 % in April 2025; 5.00 % from 1 May 2025 with the 1 June reading named', () => {
    expect(deed('56', '15/04/2025').fraisnotaire).toBe(METRO_2021[3.8]);
    const may = deed('56', '15/05/2025');
    expect(may.fraisnotaire).toBe(METRO_2021[5]);
    expect(text(may)).toMatch(/01\/05\/2025 selon la revue DGFiP, au 01\/06\/2025 selon d'autres sources.*3,80 % sinon/);
    const july = deed('56', '01/07/2025');
    expect(july.fraisnotaire).toBe(METRO_2021[5]);
    expect(text(july)).not.toMatch(/incertaine/);
  });

  it('a first-time buyer pays 4.50 % (the spec\'s reading), and the other reading (3.80 %) is named', () => {
    const result = deed('56', '01/07/2025', { primoaccedant: true });
    expect(result.detail.tauxdepartemental).toBe(4.5);
    expect(result.fraisnotaire).toBe(METRO_2021[4.5]);
    expect(text(result)).toMatch(
      /Primo-accédant : lecture retenue, taux plafonné à 4,50 % ; une autre lecture de l'exonération \(source secondaire\) retiendrait le taux en vigueur au 31\/01\/2025, soit 3,80 % pour ce département\./,
    );
  });

  it('no such note where both readings agree', () => {
    for (const code of ['75', '972', '36']) {
      expect(text(deed(code, '01/07/2026', { primoaccedant: true })), code).not.toMatch(/lecture retenue/);
    }
    expect(text(deed('56', '01/07/2025', { primoaccedant: false }))).not.toMatch(/lecture retenue/);
    // After the increase window everyone is back at 4.50 %: the exemption no longer matters.
    expect(text(deed('56', '01/04/2028', { primoaccedant: true }))).not.toMatch(/lecture retenue/);
  });
});

describe('Martinique at 5.00 % from 1 February 2026', () => {
  // 1 995.25 + VAT 8.5 % 169.60 + DMTO + 200 + 1 537.10
  it('4.50 % on 31/01/2026, 5.00 % on 01/02/2026 and today', () => {
    expect(deed('972', '31/01/2026').fraisnotaire).toBe(15515.25);
    expect(deed('972', '01/02/2026').fraisnotaire).toBe(16538.95);
    const today = deed('972', undefined);
    expect(today.detail).toMatchObject({ tauxdepartemental: 5, dateeffet: '01/12/2026' });
    expect(today.fraisnotaire).toBe(16538.95);
    expect(deed('972', undefined, { primoaccedant: true }).fraisnotaire).toBe(15515.25);
  });
});
