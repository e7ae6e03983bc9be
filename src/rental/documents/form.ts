import {
  ALL_FINANCIAL_STEPS, CERTIFICATE_TYPES, GUARANTOR_RESIDENCY_STEPS, FINANCIAL_DEFAULT_STEP, FINANCIAL_STEPS, FINANCIAL_TYPES, IDENTIFICATION_TYPES, LIMITS, PROFESSIONAL_TYPES,
  RESIDENCY_STEPS, RESIDENCY_TYPES, TAX_STEPS, TAX_TYPES, type TenantCategory,
} from './categories.ts';

/** The multipart text fields as sent (a repeated field keeps its last value). */
export type Fields = Record<string, string>;

/** What a valid document form amounts to, ready to store. */
export interface DocumentChange {
  category: TenantCategory;
  subCategory: string;
  /** The step to set; `keep` leaves an existing FINANCIAL document's step as it is (§4.3). */
  step: string | null | { keep: true; initial: string | null };
  noDocument: boolean | null;
  customText: string | null;
  monthlySum: number | null;
  avisDetected: boolean | null;
  /** FINANCIAL: the document to update, when it is one of the person's. */
  documentId: number | null;
  /** Whether files may be stored (TAX stores none for the no-file cases). */
  storesFiles: boolean;
}

/** What the person already has, for the cumulative limits. */
export interface Existing {
  files: number;
  pages: number;
  bytes: number;
}

export interface NewFiles {
  count: number;
  pages: number;
  bytes: number;
}

const oneOf = (field: string, values: readonly string[]) => `${field}: must be one of [${values.join(', ')}]`;

function readEnum(fields: Fields, field: string, values: readonly string[], problems: string[], required: boolean): string | null {
  const value = fields[field];
  if (value === undefined || value === '') {
    if (required) problems.push(`${field}: must not be null`);
    return null;
  }
  if (!values.includes(value)) {
    problems.push(oneOf(field, values));
    return null;
  }
  return value;
}

function readBoolean(fields: Fields, field: string, problems: string[], required: boolean): boolean | null {
  const value = fields[field];
  if (value === undefined || value === '') {
    if (required) problems.push(`${field}: must not be null`);
    return null;
  }
  if (value !== 'true' && value !== 'false') {
    problems.push(`${field}: must be a boolean`);
    return null;
  }
  return value === 'true';
}

function readText(fields: Fields, field: string, max: number, problems: string[]): string | null {
  const value = fields[field];
  if (value === undefined || value === '') return null;
  if ([...value].length > max) problems.push(`${field}: size must be between 0 and ${max}`);
  return value;
}

function readInteger(fields: Fields, field: string, problems: string[]): number | null {
  const value = fields[field];
  if (value === undefined || value === '') return null;
  if (!/^-?\d{1,9}$/.test(value)) {
    problems.push(`${field}: must be an integer`);
    return null;
  }
  return Number(value);
}

/** Counts and pages on the total (existing + new), with the contract's words. */
function countProblems(category: TenantCategory, existing: Existing, added: NewFiles, min: number, max: number): string[] {
  const problems: string[] = [];
  const total = existing.files + added.count;
  if (total < min) problems.push('documents: number of document must be at least 1');
  if (total > max) problems.push(`documents: number of document must be less than ${max}`);
  const pages = existing.pages + added.pages;
  if (pages > LIMITS[category].maxPages) problems.push(`documents: number of pages must be less than or equal to ${LIMITS[category].maxPages}`);
  if (existing.bytes + added.bytes > LIMITS[category].maxBytes) problems.push('documents: the total size of the files must be less than or equal to 50 Mo');
  return problems;
}

const NEW_PAGES = 'documents: The number of new pages must be greater than 0';
const ZERO_FILES = 'documents: number of document must be 0';

/**
 * The rules of §4 for one tenant document step, pure: the form's fields, the files just sent and what
 * the document already holds. Returns the change to store, or the problems (`"field: message"`).
 */
export function readDocumentForm(
  category: TenantCategory,
  fields: Fields,
  added: NewFiles,
  existingOf: (documentId: number | null) => Existing,
  financialIds: readonly number[],
  /** A guarantor's document (§3.2.2): other field names and narrower enums. */
  guarantor = false,
): { change: DocumentChange } | { problems: string[] } {
  const problems: string[] = [];
  const financialTypes = guarantor ? FINANCIAL_TYPES.filter((t) => t !== 'NO_INCOME') : FINANCIAL_TYPES;
  const taxTypes = guarantor ? TAX_TYPES.filter((t) => t !== 'LESS_THAN_YEAR') : TAX_TYPES;
  const base = { noDocument: null, customText: null, monthlySum: null, avisDetected: null, documentId: null, storesFiles: true } as const;
  let change: DocumentChange | null = null;
  switch (category) {
    case 'IDENTIFICATION': {
      const sub = readEnum(fields, 'typeDocumentIdentification', IDENTIFICATION_TYPES, problems, true);
      if (added.count === 0) problems.push(NEW_PAGES);
      if (sub) change = { ...base, category, subCategory: sub, step: null };
      problems.push(...countProblems(category, existingOf(null), added, 1, LIMITS.IDENTIFICATION.maxFiles));
      break;
    }
    case 'RESIDENCY': {
      const sub = readEnum(fields, 'typeDocumentResidency', RESIDENCY_TYPES, problems, true);
      const step = readEnum(fields, 'categoryStep', guarantor ? GUARANTOR_RESIDENCY_STEPS : RESIDENCY_STEPS, problems, false);
      const customText = readText(fields, 'customText', 2000, problems);
      if (sub === 'OTHER_RESIDENCY' && guarantor) {
        // A guarantor's OTHER_RESIDENCY needs a text or a file, and may carry up to 10 files (§4.2).
        if ((customText === null || !customText.trim()) && added.count === 0) problems.push('customText: must not be blank');
        problems.push(...countProblems(category, existingOf(null), added, 0, LIMITS.RESIDENCY.maxFiles));
      } else if (sub === 'OTHER_RESIDENCY') {
        if (added.count > 0) problems.push(ZERO_FILES);
      } else if (sub) {
        if (customText !== null) problems.push('customText: is only accepted with OTHER_RESIDENCY');
        if (added.count === 0) problems.push(NEW_PAGES);
        problems.push(...countProblems(category, existingOf(null), added, 1, LIMITS.RESIDENCY.maxFiles));
      }
      if (sub) change = { ...base, category, subCategory: sub, step, noDocument: sub === 'OTHER_RESIDENCY', customText: sub === 'OTHER_RESIDENCY' ? customText : null };
      break;
    }
    case 'PROFESSIONAL': {
      const sub = readEnum(fields, 'typeDocumentProfessional', PROFESSIONAL_TYPES, problems, true);
      if (added.count === 0) problems.push(NEW_PAGES);
      problems.push(...countProblems(category, existingOf(null), added, 1, LIMITS.PROFESSIONAL.maxFiles));
      // §3.2.1: the partner controller stores CDI_TRIAL as CDI.
      if (sub) change = { ...base, category, subCategory: sub === 'CDI_TRIAL' ? 'CDI' : sub, step: null };
      break;
    }
    case 'FINANCIAL': {
      const sub = readEnum(fields, 'typeDocumentFinancial', financialTypes, problems, true) as (typeof FINANCIAL_TYPES)[number] | null;
      const step = readEnum(fields, 'categoryStep', ALL_FINANCIAL_STEPS, problems, false);
      const noDocument = readBoolean(fields, 'noDocument', problems, true);
      const customText = readText(fields, 'customText', 2000, problems);
      const monthlySum = readInteger(fields, 'monthlySum', problems);
      // The tenant form names the document `id`, the guarantor form `documentId` (§12.6).
      const id = readInteger(fields, guarantor ? 'documentId' : 'id', problems);
      // §4.3: an id that is not one of the person's FINANCIAL documents silently creates a new one.
      const documentId = id !== null && financialIds.includes(id) ? id : null;
      if (sub && step) {
        if (FINANCIAL_STEPS[sub].length === 0) problems.push('categoryStep: category step has to be null');
        else if (!FINANCIAL_STEPS[sub].includes(step)) problems.push(`categoryStep: ${step} is not valid for document sub category ${sub}`);
      }
      if (sub && sub !== 'NO_INCOME' && (monthlySum === null || monthlySum <= 0)) problems.push('monthlySum: Montant mensuel doit être strictement positif');
      const existing = existingOf(documentId);
      if (noDocument === true) {
        if (customText === null || !customText.trim()) problems.push('customText: must not be blank');
        if (existing.files + added.count > 0) problems.push(ZERO_FILES);
      } else if (noDocument === false) {
        problems.push(...countProblems(category, existing, added, 1, LIMITS.FINANCIAL.maxFiles));
      }
      if (sub && noDocument !== null) {
        const initial = step ?? FINANCIAL_DEFAULT_STEP[sub];
        change = {
          ...base,
          category,
          subCategory: sub,
          step: documentId !== null ? { keep: true, initial } : initial,
          noDocument,
          customText: noDocument ? customText : added.count > 0 ? null : customText,
          monthlySum: sub === 'NO_INCOME' ? 0 : monthlySum,
          documentId,
        };
      }
      break;
    }
    case 'TAX': {
      const sub = readEnum(fields, 'typeDocumentTax', taxTypes, problems, true);
      const step = readEnum(fields, 'categoryStep', TAX_STEPS, problems, false);
      const noDocument = readBoolean(fields, 'noDocument', problems, true);
      const customText = readText(fields, 'customText', 1355, problems);
      const avisDetected = readBoolean(fields, 'avisDetected', problems, false);
      if (sub && noDocument !== null) {
        const withFiles = sub === 'MY_NAME' || (sub === 'OTHER_TAX' && !noDocument);
        if (withFiles) problems.push(...countProblems(category, existingOf(null), added, 1, LIMITS.TAX.maxFiles));
        else if (added.count > 0) problems.push(ZERO_FILES);
        if (sub === 'OTHER_TAX' && noDocument && step === null && (customText === null || !customText.trim())) problems.push('customText: must not be blank');
        change = { ...base, category, subCategory: sub, step, noDocument, customText: sub === 'OTHER_TAX' ? customText : null, avisDetected, storesFiles: withFiles };
      }
      break;
    }
    case 'IDENTIFICATION_LEGAL_PERSON': {
      if (added.count === 0) problems.push(NEW_PAGES);
      problems.push(...countProblems(category, existingOf(null), added, 1, LIMITS.IDENTIFICATION_LEGAL_PERSON.maxFiles));
      change = { ...base, category, subCategory: 'LEGAL_PERSON', step: null };
      break;
    }
    case 'GUARANTEE_PROVIDER_CERTIFICATE': {
      const sub = readEnum(fields, 'typeDocumentCertificate', CERTIFICATE_TYPES, problems, true);
      if (added.count === 0) problems.push(NEW_PAGES);
      problems.push(...countProblems(category, existingOf(null), added, 1, LIMITS.GUARANTEE_PROVIDER_CERTIFICATE.maxFiles));
      if (sub) change = { ...base, category, subCategory: sub, step: null };
      break;
    }
  }
  return problems.length || !change ? { problems: [...new Set(problems)] } : { change };
}
