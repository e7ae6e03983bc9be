import type { StatementKind } from '../../documents/index.ts';

export interface StatementCase {
  category: string;
  subCategory: string;
  step: string | null;
  noDocument: boolean | null;
  /** Whether the document holds files: a guarantor's OTHER_RESIDENCY with files renders its files. */
  hasFiles: boolean;
}

/**
 * The no-document cases of §4.4/§10.1 (MY_PARENTS, LESS_THAN_YEAR, OTHER_TAX+noDocument,
 * FINANCIAL+noDocument, OTHER_RESIDENCY) get a generated statement page instead of files; null otherwise.
 */
export function statementKindOf(d: StatementCase): StatementKind | null {
  if (d.hasFiles) return null;
  if (d.category === 'TAX') {
    if (d.subCategory === 'MY_PARENTS') return 'TAX_MY_PARENTS';
    if (d.subCategory === 'LESS_THAN_YEAR') return 'TAX_LESS_THAN_YEAR';
    if (d.subCategory === 'OTHER_TAX' && d.noDocument) return d.step === 'TAX_NOT_RECEIVED' ? 'TAX_NOT_RECEIVED' : 'TAX_OTHER';
    return null;
  }
  if (d.category === 'FINANCIAL' && d.noDocument) return 'FINANCIAL';
  if (d.category === 'RESIDENCY' && d.subCategory === 'OTHER_RESIDENCY') return 'RESIDENCY';
  return null;
}
