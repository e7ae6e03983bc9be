import { describe, expect, it } from 'vitest';
import { loggedUrl } from './log-serializers.ts';

describe('loggedUrl', () => {
  it('keeps the query parameter names and drops their values', () => {
    expect(loggedUrl('/api-particulier/v3/dss/quotient_familial/identite?recipient=13002526500013&nomNaissance=DURANT&prenoms[]=PIERRE')).toBe(
      '/api-particulier/v3/dss/quotient_familial/identite?recipient=…&nomNaissance=…&prenoms[]=…',
    );
    expect(loggedUrl('/api-partner/tenant?email=jean%40example.com')).toBe('/api-partner/tenant?email=…');
  });

  it('leaves a URL without a query alone and drops an empty one', () => {
    expect(loggedUrl('/health')).toBe('/health');
    expect(loggedUrl('/health?')).toBe('/health');
    expect(loggedUrl('/health?&&')).toBe('/health');
  });

  it('hides share-link tokens in the path', () => {
    expect(loggedUrl('/api/partage/AbCdEf123456789/documents/3?x=1')).toBe('/api/partage/…/documents/3?x=…');
  });

  it('bounds a parameter name', () => {
    expect(loggedUrl(`/x?${'a'.repeat(500)}=1`)).toBe(`/x?${'a'.repeat(64)}=…`);
  });
});
