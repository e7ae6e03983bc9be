import { describe, expect, it } from 'vitest';
import { cityOptions } from './cities.ts';

describe('cityOptions', () => {
  it('lists one label per commune and postal code', () => {
    const nancy = cityOptions('nancy');
    expect(nancy).toContain('Nancy (54000)');
    expect(nancy).toContain('Nancy (54100)');
    expect(nancy.every((label) => label.startsWith('Nancy'))).toBe(true);
  });

  it('matches a postal code prefix', () => {
    expect(cityOptions('75001')).toEqual(['Paris (75001)']);
    const meurthe = cityOptions('540');
    expect(meurthe).toContain('Nancy (54000)');
    expect(meurthe.every((label) => /\(540\d\d\)$/.test(label))).toBe(true);
  });

  it('matches names case- and accent-insensitively', () => {
    expect(cityOptions('SAINT-ETIENNE (42')).toContain('Saint-Étienne (42000)');
    expect(cityOptions('nancy (541')).toEqual(['Nancy (54100)']);
    expect(cityOptions('saint-étienne')).toContain('Saint-Étienne (42000)');
    expect(cityOptions('saint-etienne')).toContain('Saint-Étienne (42000)');
  });

  it('returns every current commune without debut, unique and sorted by name then code', () => {
    const all = cityOptions();
    expect(all.length).toBeGreaterThan(35_000);
    expect(new Set(all).size).toBe(all.length);
    const paris = all.filter((label) => label.startsWith('Paris ('));
    expect(paris[0]).toBe('Paris (75001)');
    expect(paris).toHaveLength(21);
    expect(all.indexOf('Nancy (54000)')).toBeLessThan(all.indexOf('Nancy (54100)'));
  });

  it('does not let callers mutate the cached list', () => {
    cityOptions().length = 0;
    expect(cityOptions('nancy')).toContain('Nancy (54000)');
    expect(cityOptions().length).toBeGreaterThan(35_000);
  });
});
