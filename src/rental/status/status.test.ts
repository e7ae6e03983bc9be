import { describe, expect, it } from 'vitest';
import { apartmentStatus, computeTenantStatus, type DocumentCategory, type DocumentStatus, type TenantForStatus } from './status.ts';

const FIVE: DocumentCategory[] = ['IDENTIFICATION', 'RESIDENCY', 'PROFESSIONAL', 'FINANCIAL', 'TAX'];
const docs = (status: DocumentStatus, categories = FIVE) => categories.map((category) => ({ category, status }));
const complete = (overrides: Partial<TenantForStatus> = {}): TenantForStatus => ({
  stored: 'INCOMPLETE',
  honorDeclaration: true,
  documents: docs('VALIDATED'),
  guarantors: [],
  ...overrides,
});

describe('tenant status (§7.1), in its evaluation order', () => {
  it('every category validated, declared on honour, no guarantor → VALIDATED', () => {
    expect(computeTenantStatus(complete())).toBe('VALIDATED');
  });

  it('ARCHIVED stays ARCHIVED whatever the documents', () => {
    expect(computeTenantStatus(complete({ stored: 'ARCHIVED', documents: docs('DECLINED') }))).toBe('ARCHIVED');
  });

  it('a DECLINED document wins over an incomplete file, also on a guarantor', () => {
    expect(computeTenantStatus(complete({ honorDeclaration: false, documents: [{ category: 'TAX', status: 'DECLINED' }] }))).toBe('DECLINED');
    const guarantor = { type: 'NATURAL_PERSON' as const, documents: [{ category: 'TAX' as const, status: 'DECLINED' as const }] };
    expect(computeTenantStatus(complete({ guarantors: [guarantor] }))).toBe('DECLINED');
  });

  it('no honour declaration, or a missing category → INCOMPLETE even with TO_PROCESS documents', () => {
    expect(computeTenantStatus(complete({ honorDeclaration: false, documents: docs('TO_PROCESS') }))).toBe('INCOMPLETE');
    expect(computeTenantStatus(complete({ documents: docs('TO_PROCESS', FIVE.slice(0, 4)) }))).toBe('INCOMPLETE');
  });

  it('guarantors: natural needs the five, legal the representative and company proofs, organism one certificate; none empty', () => {
    const natural = (categories: DocumentCategory[]) => ({ type: 'NATURAL_PERSON' as const, documents: docs('VALIDATED', categories) });
    expect(computeTenantStatus(complete({ guarantors: [natural(FIVE)] }))).toBe('VALIDATED');
    expect(computeTenantStatus(complete({ guarantors: [natural(FIVE), natural(['TAX'])] }))).toBe('INCOMPLETE');
    expect(computeTenantStatus(complete({ guarantors: [{ type: 'LEGAL_PERSON', documents: docs('VALIDATED', ['IDENTIFICATION', 'IDENTIFICATION_LEGAL_PERSON']) }] }))).toBe('VALIDATED');
    expect(computeTenantStatus(complete({ guarantors: [{ type: 'LEGAL_PERSON', documents: docs('VALIDATED', ['IDENTIFICATION']) }] }))).toBe('INCOMPLETE');
    expect(computeTenantStatus(complete({ guarantors: [{ type: 'ORGANISM', documents: docs('TO_PROCESS', ['GUARANTEE_PROVIDER_CERTIFICATE']) }] }))).toBe('TO_PROCESS');
    expect(computeTenantStatus(complete({ guarantors: [{ type: 'ORGANISM', documents: [] }] }))).toBe('INCOMPLETE');
  });

  it('complete with one TO_PROCESS document → TO_PROCESS', () => {
    expect(computeTenantStatus(complete({ documents: [...docs('VALIDATED', FIVE.slice(1)), { category: 'IDENTIFICATION', status: 'TO_PROCESS' }] }))).toBe('TO_PROCESS');
  });
});

describe('apartment status (§6.3)', () => {
  it('follows the contract order', () => {
    expect(apartmentStatus(['VALIDATED', 'DECLINED', 'INCOMPLETE'])).toBe('DECLINED');
    expect(apartmentStatus(['VALIDATED', 'INCOMPLETE', 'ARCHIVED'])).toBe('INCOMPLETE');
    expect(apartmentStatus(['ARCHIVED', 'ARCHIVED'])).toBe('ARCHIVED');
    expect(apartmentStatus(['ARCHIVED', 'VALIDATED'])).toBe('INCOMPLETE');
    expect(apartmentStatus(['TO_PROCESS', 'VALIDATED'])).toBe('TO_PROCESS');
    expect(apartmentStatus(['VALIDATED', 'VALIDATED'])).toBe('VALIDATED');
  });
});
