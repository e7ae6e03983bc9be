import { describe, expect, it } from 'vitest';
import { departementCodes } from './departement.ts';
import { notaryRuleSets, notaryRulesAt } from './rules.ts';
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
    expect(from(day(2025, 3, 31))).toEqual(day(2016, 5, 1));
    expect(from(day(2025, 4, 1))).toEqual(day(2025, 4, 1));
    expect(from(day(2026, 1, 1))).toEqual(day(2026, 1, 1));
  });
});

describe('rule data', () => {
  const sets = notaryRuleSets();

  it('gives every département one of the known rates in every table', () => {
    for (const table of sets.dmtoTables) {
      for (const code of departementCodes()) expect([3.8, 4.5, 5]).toContain(tablePercent(table, code));
      for (const code of Object.keys(table.percentByDepartement)) expect(departementCodes()).toContain(code);
    }
  });

  it('holds the DGFiP 1 Jan 2026 table of the spec', () => {
    const table = notaryRulesAt(day(2026, 1, 1))!.dmto;
    const at = (rate: number) => departementCodes().filter((c) => tablePercent(table, c) === rate).sort();
    expect(at(3.8)).toEqual(['36', '976']);
    expect(at(4.5)).toEqual(['05', '06', '07', '16', '26', '27', '48', '60', '65', '71', '971', '972']);
    expect(at(5)).toHaveLength(101 - 14);
    expect(mostCommonDepartmentalPercent(table)).toBe(5);
    expect(mostCommonDepartmentalPercent(sets.dmtoTables[0]!)).toBe(4.5);
  });

  it('keeps a VERIFY note on every value the spec marks VERIFY', () => {
    const hasVerify = (notes: string[]) => notes.some((n) => n.includes('VERIFY'));
    expect(hasVerify(sets.increase.notes)).toBe(true);
    for (const table of sets.dmtoTables) expect(hasVerify(table.notes)).toBe(true);
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
