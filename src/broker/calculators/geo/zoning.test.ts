import { describe, expect, it } from 'vitest';
import { ZONES, zoneOf, zoningDates } from './zoning.ts';

const AFTER = { year: 2026, month: 1, day: 1 };

describe('zoneOf', () => {
  it('classifies Paris A bis, Lyon and Marseille A', () => {
    expect(zoneOf('75056', AFTER).zone).toBe('Abis');
    expect(zoneOf('69123', AFTER).zone).toBe('A');
    expect(zoneOf('13055', AFTER).zone).toBe('A');
  });

  it('classifies the communes of postal code 10120 into three zones (spec B.2)', () => {
    expect(['10186', '10333', '10340', '10360'].map((code) => zoneOf(code, AFTER).zone)).toEqual(['C', 'B1', 'B2', 'C']);
    expect(zoneOf('2A004', AFTER).zone).toBe('A');
  });

  it('has no zone for communes outside the list (COM)', () => {
    expect(zoneOf('97701', AFTER).zone).toBeUndefined();
  });

  it('uses the list in force on the date, and flags dates before the oldest list', () => {
    expect(zoningDates()).toEqual(['2025-09-05']);
    expect(zoneOf('75056', { year: 2025, month: 9, day: 5 })).toEqual({
      zone: 'Abis',
      zoningEffectiveFrom: '2025-09-05',
      predatesZoning: false,
    });
    expect(zoneOf('75056', { year: 2025, month: 9, day: 4 })).toEqual({
      zone: 'Abis',
      zoningEffectiveFrom: '2025-09-05',
      predatesZoning: true,
    });
  });

  it('holds the whole official list (spec B.2 distribution)', async () => {
    const { readFileSync } = await import('node:fs');
    const data = JSON.parse(
      readFileSync(new URL('../../../../data/reference/zonage/zonage-2025-09-05.json', import.meta.url), 'utf8'),
    ) as { zones: Record<string, string> };
    const counts = Object.fromEntries(ZONES.map((z) => [z, 0]));
    for (const zone of Object.values(data.zones)) counts[zone]! += 1;
    expect(counts).toEqual({ Abis: 133, A: 871, B1: 2383, B2: 3162, C: 28326 });
  });
});
