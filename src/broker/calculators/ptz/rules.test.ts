import { describe, expect, it } from 'vitest';
import { assertRuleSet, bySize, PTZ_TABLES, ptzRuleSets, ptzRulesAt, type PtzRuleSet } from './rules.ts';

const day = (iso: string) => {
  const [year, month, dayOfMonth] = iso.split('-').map(Number);
  return { year: year!, month: month!, day: dayOfMonth! };
};

describe('PTZ rule sets', () => {
  it('loads every file in data/reference/ptz, oldest first, with distinct dates', () => {
    const dates = ptzRuleSets().map((set) => set.effectiveFrom);
    expect(dates).toEqual(['2016-01-01', '2018-01-01', '2024-04-01', '2025-04-01']);
    expect(ptzRuleSets().map((set) => set.id)).toEqual(dates.map((d) => `ptz-${d}`));
  });

  it.each([
    ['2015-12-31', undefined],
    ['2016-01-01', 'ptz-2016-01-01'],
    ['2017-12-31', 'ptz-2016-01-01'],
    ['2018-01-01', 'ptz-2018-01-01'],
    ['2024-03-31', 'ptz-2018-01-01'],
    ['2024-04-01', 'ptz-2024-04-01'],
    ['2025-03-31', 'ptz-2024-04-01'],
    ['2025-04-01', 'ptz-2025-04-01'],
    ['2030-01-01', 'ptz-2025-04-01'],
  ])('offer on %s → %s', (iso, id) => {
    expect(ptzRulesAt(day(iso))?.id).toBe(id);
  });

  it('names, for every table, the text it comes from and the day it was checked', () => {
    for (const set of ptzRuleSets()) {
      for (const table of PTZ_TABLES) {
        const sources = set.sources.filter((source) => source.tables.includes(table));
        expect(sources.length, `${set.id} ${table}`).toBeGreaterThan(0);
        for (const source of sources) expect(source.checked, `${set.id} ${table}`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });

  it('keeps VERIFY only where the check left a doubt, in the sources', () => {
    const doubts = ptzRuleSets().flatMap((set) =>
      set.sources.filter((s) => s.verify).map((s) => `${set.id} ${s.tables.join('+')}`));
    expect(doubts).toEqual([
      'ptz-2016-01-01 quotites',
      'ptz-2018-01-01 quotites',
      'ptz-2024-04-01 quotites',
      'ptz-2025-04-01 householdCoefficients+incomeCeilings+trancheLimits+costCeilings+repayment',
      'ptz-2025-04-01 quotites',
    ]);
    for (const set of ptzRuleSets()) expect(set.notes.join(' '), set.id).not.toMatch(/VERIFY/);
  });

  it.each(['ptz-2016-01-01', 'ptz-2018-01-01'])('%s: zone C tranches 14 000 / 15 000 / 24 000', (id) => {
    const set = ptzRuleSets().find((s) => s.id === id)!;
    expect(set.trancheLimits).toEqual({
      A: [22000, 25000, 37000], B1: [19500, 21500, 30000], B2: [16500, 18000, 27000], C: [14000, 15000, 24000],
    });
  });

  it.each(['ptz-2016-01-01', 'ptz-2018-01-01'])(
    '%s: cost ceilings are base × coefficient rounded to the nearest thousand euros (B1 230 000 / 311 000)',
    (id) => {
      const set = ptzRuleSets().find((s) => s.id === id)!;
      const bases = { A: 150000, B1: 135000, B2: 110000, C: 100000 };
      for (const [group, base] of Object.entries(bases)) {
        const expected = set.costCeilings[group]!.map((_, i) => Math.round((base * set.householdCoefficients[i]!) / 1000) * 1000);
        expect(set.costCeilings[group], `${id} ${group}`).toEqual(expected);
      }
      expect(set.costCeilings.B1).toEqual([135000, 189000, 230000, 270000, 311000]);
    },
  );

  it('income ceilings are the last tranche limit times the household coefficient', () => {
    for (const set of ptzRuleSets()) {
      for (const [group, ceilings] of Object.entries(set.incomeCeilings)) {
        const top = set.trancheLimits[group]!.at(-1)!;
        ceilings.forEach((ceiling, i) => expect(ceiling, `${set.id} ${group} ${i + 1}p`).toBeCloseTo(top * set.householdCoefficients[i]!, 6));
      }
    }
  });

  it('bySize keeps the last entry for larger households', () => {
    expect([1, 5, 6, 12].map((n) => bySize([10, 20, 30, 40, 50], n))).toEqual([10, 50, 50, 50]);
  });

  it('rejects a malformed rule set at load', () => {
    const good = ptzRulesAt(day('2025-06-01'))!;
    const broken = (patch: (s: PtzRuleSet) => void) => {
      const copy = structuredClone(good);
      patch(copy);
      return () => assertRuleSet(copy, 'broken.json');
    };
    expect(broken(() => {})).not.toThrow();
    expect(broken((s) => (s.trancheLimits.B1 = [1, 2, 3]))).toThrow(/trancheLimits.B1 needs 4/);
    expect(broken((s) => (s.quotites.newBuild.house.C = [0.3, 0.2, 2, 0.1]))).toThrow(/quotites.newBuild.house.C/);
    expect(broken((s) => delete (s.zoneGroups as Partial<typeof s.zoneGroups>).Abis)).toThrow(/zoneGroups.Abis/);
    expect(broken((s) => (s.repayment[0]!.repaymentMonths = 0))).toThrow(/repaymentMonths/);
    expect(broken((s) => (s.effectiveFrom = '01/04/2025'))).toThrow(/effectiveFrom/);
    expect(broken((s) => (s.sources = []))).toThrow('PTZ rule set broken.json: needs at least one source');
    expect(broken((s) => (s.sources = s.sources.filter((src) => !src.tables.includes('repayment')))))
      .toThrow('PTZ rule set broken.json: no source for householdCoefficients, incomeCeilings, trancheLimits, costCeilings, repayment');
    expect(broken((s) => (s.sources[0]!.checked = 'yesterday'))).toThrow(/sources\[0\]\.checked/);
    expect(broken((s) => (s.sources[0]!.tables = ['ceilings' as never]))).toThrow(/sources\[0\]\.tables/);
  });
});
