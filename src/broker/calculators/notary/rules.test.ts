import { describe, expect, it } from 'vitest';
import { departementCodes } from './departement.ts';
import { sourcesProblem } from '../rule-sources.ts';
import { assertDmtoTable, notaryRuleSets, notaryRulesAt, type DmtoTable } from './rules.ts';
import { mostCommonDepartmentalPercent, tablePercent } from './transfer-tax.ts';

const day = (year: number, month: number, dayOfMonth: number) => ({ year, month, day: dayOfMonth });

describe('notaryRulesAt', () => {
  it('has no rules before 1 May 2016', () => {
    expect(notaryRulesAt(day(2016, 4, 30))).toBeUndefined();
    expect(notaryRulesAt(day(2016, 5, 1))?.emoluments.name).toBe('2016');
  });

  it('switches barème on 1 January 2021 and keeps it afterwards', () => {
    expect(notaryRulesAt(day(2020, 12, 31))?.emoluments.name).toBe('2016');
    expect(notaryRulesAt(day(2021, 1, 1))?.emoluments.name).toBe('2021');
    expect(notaryRulesAt(day(2030, 1, 1))?.emoluments.name).toBe('2021');
  });

  it('picks the DMTO table in force', () => {
    const from = (d: ReturnType<typeof day>) => notaryRulesAt(d)?.dmto.effectiveFrom;
    expect(from(day(2017, 5, 31))).toEqual(day(2016, 5, 1));
    expect(from(day(2017, 6, 1))).toEqual(day(2017, 6, 1));
    expect(from(day(2022, 6, 1))).toEqual(day(2022, 6, 1));
    expect(from(day(2025, 3, 31))).toEqual(day(2022, 6, 1));
    expect(from(day(2025, 4, 1))).toEqual(day(2025, 4, 1));
    expect(from(day(2025, 5, 1))).toEqual(day(2025, 5, 1));
    expect(from(day(2025, 6, 1))).toEqual(day(2025, 6, 1));
    expect(from(day(2026, 1, 1))).toEqual(day(2026, 1, 1));
    expect(from(day(2026, 2, 1))).toEqual(day(2026, 2, 1));
  });

  it('compares first-time buyers with the table in force on 31 January 2025', () => {
    expect(notaryRulesAt(day(2025, 7, 1))?.dmtoForFirstTimeBuyerAlternative.effectiveFrom).toEqual(day(2022, 6, 1));
  });
});

describe('rule data', () => {
  const sets = notaryRuleSets();

  it('gives every département one of the known rates in every table', () => {
    for (const table of sets.dmtoTables) {
      for (const code of departementCodes()) expect([3.8, 4.45, 4.5, 5]).toContain(tablePercent(table, code));
      for (const code of Object.keys(table.percentByDepartement)) expect(departementCodes()).toContain(code);
      for (const code of (table.uncertain ?? []).flatMap((g) => g.departements)) expect(departementCodes()).toContain(code);
    }
  });

  const ratesOn = (y: number, m: number, d: number) => {
    const table = notaryRulesAt(day(y, m, d))!.dmto;
    return (rate: number) => departementCodes().filter((c) => tablePercent(table, c) === rate).sort();
  };

  it('1 May 2016 – 31 May 2017: Martinique also at 3.80 %, Côte-d\'Or at 4.45 %', () => {
    const at = ratesOn(2016, 5, 1);
    expect(at(3.8)).toEqual(['36', '38', '56', '972', '976']);
    expect(at(4.45)).toEqual(['21']);
  });

  it('1 June 2017, 1 June 2022 (Isère at 4.50 %), and 1 June 2024', () => {
    expect(ratesOn(2017, 6, 1)(3.8)).toEqual(['36', '38', '56', '976']);
    expect(ratesOn(2022, 6, 1)(3.8)).toEqual(['36', '56', '976']);
    expect(ratesOn(2024, 6, 1)(3.8)).toEqual(['36', '56', '976']);
    expect(ratesOn(2024, 6, 1)(4.5)).toHaveLength(101 - 3);
  });

  it('1 April 2025: the 27 départements of the DGFiP review', () => {
    expect(ratesOn(2025, 4, 1)(5).join(' ')).toBe(
      '09 17 19 21 24 28 31 34 35 41 42 44 45 49 53 54 63 69 74 75 77 81 88 89 91 92 93',
    );
  });

  it('1 May 2025: 01, 03, 04, 38, 40, 90 still at 4.50 %, only Indre below it in metropolitan France', () => {
    const at = ratesOn(2025, 5, 1);
    expect(at(3.8)).toEqual(['36', '976']);
    for (const code of ['01', '03', '04', '38', '40', '90']) expect(at(4.5)).toContain(code);
    // 27 + 46 reported; the derived list has 53 (see the table's notes), all flagged uncertain.
    expect(at(5)).toHaveLength(27 + 53);
    const table = notaryRulesAt(day(2025, 5, 1))!.dmto;
    const uncertain = (table.uncertain ?? []).flatMap((g) => g.departements);
    expect(uncertain).toHaveLength(53);
    expect(at(5).filter((c) => !uncertain.includes(c))).toEqual(ratesOn(2025, 4, 1)(5));
  });

  it('1 June 2025 and 1 January 2026 give the DGFiP table of 1 January 2026', () => {
    for (const at of [ratesOn(2025, 6, 1), ratesOn(2026, 1, 1)]) {
      expect(at(3.8)).toEqual(['36', '976']);
      expect(at(4.5)).toEqual(['05', '06', '07', '16', '26', '27', '48', '60', '65', '71', '971', '972']);
      expect(at(5)).toHaveLength(101 - 14);
    }
    expect(notaryRulesAt(day(2026, 1, 1))!.dmto.uncertain ?? []).toEqual([]);
    expect(mostCommonDepartmentalPercent(notaryRulesAt(day(2026, 1, 1))!.dmto)).toBe(5);
    expect(mostCommonDepartmentalPercent(sets.dmtoTables[0]!)).toBe(4.5);
  });

  it('1 February 2026: Martinique at 5.00 %', () => {
    const at = ratesOn(2026, 2, 1);
    expect(at(4.5)).toEqual(['05', '06', '07', '16', '26', '27', '48', '60', '65', '71', '971']);
    expect(at(5)).toContain('972');
  });

  it('the increase ends on 31 March 2028', () => {
    expect(sets.increase.until).toEqual(day(2028, 3, 31));
  });

  it('names a source, with the day it was checked, on every table', () => {
    const entries = [
      ...sets.scales, ...sets.taxEras, ...sets.formalityEras, ...sets.dmtoTables, sets.increase,
    ];
    for (const entry of entries) expect(sourcesProblem(entry.sources)).toBeUndefined();
  });

  it('keeps VERIFY only where the check left a doubt, in the sources', () => {
    const all = [...sets.scales, ...sets.taxEras, ...sets.formalityEras, ...sets.dmtoTables, sets.increase];
    for (const entry of all) expect(entry.notes.join(' ')).not.toMatch(/VERIFY/);
    const doubts = sets.dmtoTables
      .filter((t) => t.sources.some((s) => s.verify))
      .map((t) => `${t.effectiveFrom.year}-${t.effectiveFrom.month}-${t.effectiveFrom.day}`);
    expect(doubts).toEqual(['2025-5-1', '2025-6-1', '2026-1-1', '2026-2-1']);
    const others = [...sets.scales, ...sets.taxEras, ...sets.formalityEras, sets.increase];
    expect(others.flatMap((e) => e.sources).filter((s) => s.verify)).toEqual([]);
  });

  it('rejects an uncertain département whose other rate is the same', () => {
    const table = notaryRulesAt(day(2025, 6, 1))!.dmto;
    const broken: DmtoTable = { ...table, uncertain: [{ departements: ['75'], otherwisePercent: 5, hypothesis: 'x' }] };
    expect(() => assertDmtoTable('dmto.json', broken)).toThrow('dmto.json: 75 is at 5 % either way');
    expect(() => assertDmtoTable('dmto.json', table)).not.toThrow();
  });

  it('has increasing tranches ending with an open one', () => {
    for (const scale of sets.scales) {
      const bounds = scale.tranches.map((t) => t.upTo);
      expect(bounds.at(-1)).toBeNull();
      const finite = bounds.slice(0, -1) as number[];
      expect([...finite].sort((a, b) => a - b)).toEqual(finite);
    }
  });
});
