import { describe, expect, it } from 'vitest';
import { assertRuleSet, bySize, ptzRuleSets, ptzRulesAt, type PtzRuleSet } from './rules.ts';

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

  it('marks the values taken from secondary sources', () => {
    for (const set of ptzRuleSets()) expect(set.notes.some((n) => n.includes('VERIFY'))).toBe(true);
  });

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
  });
});
