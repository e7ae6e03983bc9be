import { describe, expect, it } from 'vitest';
import { statementKindOf } from './statement-kind.ts';

const base = { step: null, noDocument: null, hasFiles: false };

describe('statementKindOf (§4.4, §10.1 no-document cases)', () => {
  it('maps each no-document case to its statement, and documents with files to none', () => {
    expect(statementKindOf({ ...base, category: 'TAX', subCategory: 'MY_PARENTS', noDocument: true })).toBe('TAX_MY_PARENTS');
    expect(statementKindOf({ ...base, category: 'TAX', subCategory: 'LESS_THAN_YEAR', noDocument: true })).toBe('TAX_LESS_THAN_YEAR');
    expect(statementKindOf({ ...base, category: 'TAX', subCategory: 'OTHER_TAX', noDocument: true })).toBe('TAX_OTHER');
    expect(statementKindOf({ ...base, category: 'TAX', subCategory: 'OTHER_TAX', noDocument: true, step: 'TAX_NOT_RECEIVED' })).toBe('TAX_NOT_RECEIVED');
    expect(statementKindOf({ ...base, category: 'TAX', subCategory: 'OTHER_TAX', noDocument: false })).toBeNull();
    expect(statementKindOf({ ...base, category: 'TAX', subCategory: 'MY_NAME', noDocument: false })).toBeNull();
    expect(statementKindOf({ ...base, category: 'FINANCIAL', subCategory: 'SALARY', noDocument: true })).toBe('FINANCIAL');
    expect(statementKindOf({ ...base, category: 'FINANCIAL', subCategory: 'SALARY', noDocument: false })).toBeNull();
    expect(statementKindOf({ ...base, category: 'RESIDENCY', subCategory: 'OTHER_RESIDENCY', noDocument: true })).toBe('RESIDENCY');
    // A guarantor's OTHER_RESIDENCY may carry files: they are rendered instead.
    expect(statementKindOf({ ...base, category: 'RESIDENCY', subCategory: 'OTHER_RESIDENCY', noDocument: true, hasFiles: true })).toBeNull();
    expect(statementKindOf({ ...base, category: 'RESIDENCY', subCategory: 'TENANT', noDocument: false })).toBeNull();
  });
});
