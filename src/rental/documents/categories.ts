/** The sub-categories and steps of §4.2 / §6.3 that the partner may send, per category. */
export const IDENTIFICATION_TYPES = ['FRENCH_IDENTITY_CARD', 'FRENCH_PASSPORT', 'FRENCH_RESIDENCE_PERMIT', 'DRIVERS_LICENSE', 'FRANCE_IDENTITE', 'OTHER_IDENTIFICATION'] as const;
export const RESIDENCY_TYPES = ['TENANT', 'OWNER', 'GUEST', 'GUEST_COMPANY', 'GUEST_ORGANISM', 'SHORT_TERM_RENTAL', 'OTHER_RESIDENCY'] as const;
export const RESIDENCY_STEPS = ['TENANT_RECEIPT', 'TENANT_PROOF', 'GUEST_PROOF', 'GUEST_NO_PROOF'] as const;
export const PROFESSIONAL_TYPES = [
  'CDI', 'CDI_TRIAL', 'CDD', 'ALTERNATION', 'INTERNSHIP', 'STUDENT', 'PUBLIC', 'CTT', 'RETIRED', 'UNEMPLOYED', 'INDEPENDENT', 'INTERMITTENT', 'STAY_AT_HOME_PARENT', 'NO_ACTIVITY', 'ARTIST', 'OTHER',
] as const;
export const FINANCIAL_TYPES = ['SALARY', 'SOCIAL_SERVICE', 'RENT', 'PENSION', 'SCHOLARSHIP', 'NO_INCOME'] as const;
export const TAX_TYPES = ['MY_NAME', 'MY_PARENTS', 'LESS_THAN_YEAR', 'OTHER_TAX'] as const;
export const TAX_STEPS = ['TAX_FRENCH_NOTICE', 'TAX_FOREIGN_NOTICE', 'TAX_NOT_RECEIVED', 'TAX_NO_DECLARATION'] as const;

const threeWays = (prefix: string) => [`${prefix}_LESS_3_MONTHS`, `${prefix}_MORE_3_MONTHS`, `${prefix}_NOT_YET`];

/** §4.3: the steps each FINANCIAL sub-category accepts; SCHOLARSHIP and NO_INCOME accept none. */
export const FINANCIAL_STEPS: Record<(typeof FINANCIAL_TYPES)[number], readonly string[]> = {
  SALARY: [
    'SALARY_EMPLOYED_LESS_3_MONTHS', 'SALARY_EMPLOYED_MORE_3_MONTHS', 'SALARY_EMPLOYED_NOT_YET', 'SALARY_FREELANCE_AUTOENTREPRENEUR',
    'SALARY_FREELANCE_OTHER', 'SALARY_INTERMITTENT', 'SALARY_ARTIST_AUTHOR', 'SALARY_UNKNOWN',
  ],
  SOCIAL_SERVICE: ['SOCIAL_SERVICE_CAF_LESS_3_MONTHS', 'SOCIAL_SERVICE_CAF_MORE_3_MONTHS', ...threeWays('SOCIAL_SERVICE_FRANCE_TRAVAIL'), ...threeWays('SOCIAL_SERVICE_APL'), ...threeWays('SOCIAL_SERVICE_AAH'), 'SOCIAL_SERVICE_OTHER'],
  PENSION: ['PENSION_STATEMENT', 'PENSION_NO_STATEMENT', ...threeWays('PENSION_DISABILITY'), 'PENSION_ALIMONY', 'PENSION_UNKNOWN'],
  RENT: ['RENT_RENTAL_RECEIPT', 'RENT_RENTAL_NO_RECEIPT', 'RENT_ANNUITY_LIFE', 'RENT_OTHER'],
  SCHOLARSHIP: [],
  NO_INCOME: [],
};

/** §4.3: the step a new FINANCIAL document gets when none is sent. */
export const FINANCIAL_DEFAULT_STEP: Record<(typeof FINANCIAL_TYPES)[number], string | null> = {
  SALARY: 'SALARY_UNKNOWN',
  SOCIAL_SERVICE: 'SOCIAL_SERVICE_OTHER',
  RENT: 'RENT_OTHER',
  PENSION: 'PENSION_UNKNOWN',
  SCHOLARSHIP: null,
  NO_INCOME: null,
};

export const ALL_FINANCIAL_STEPS = Object.values(FINANCIAL_STEPS).flat();

/** Per-document limits of §4.2 on the total (existing + new). */
export const LIMITS = {
  IDENTIFICATION: { maxFiles: 5, maxPages: 5, maxBytes: 52_428_800 },
  RESIDENCY: { maxFiles: 10, maxPages: 20, maxBytes: 52_428_800 },
  PROFESSIONAL: { maxFiles: 20, maxPages: 50, maxBytes: 52_428_800 },
  FINANCIAL: { maxFiles: 10, maxPages: 50, maxBytes: 52_428_800 },
  TAX: { maxFiles: 5, maxPages: 10, maxBytes: Number.POSITIVE_INFINITY },
  IDENTIFICATION_LEGAL_PERSON: { maxFiles: 5, maxPages: 10, maxBytes: 52_428_800 },
  GUARANTEE_PROVIDER_CERTIFICATE: { maxFiles: 100, maxPages: 10, maxBytes: 52_428_800 },
} as const;

export const CERTIFICATE_TYPES = ['VISALE', 'OTHER_GUARANTEE'] as const;
export const GUARANTOR_RESIDENCY_STEPS = ['GUEST_PROOF', 'GUEST_NO_PROOF'] as const;

export type TenantCategory = keyof typeof LIMITS;

/** §7.2: an edit of one of these also resets the person's VALIDATED documents of the three. */
export const LINKED_CATEGORIES: readonly string[] = ['PROFESSIONAL', 'FINANCIAL', 'TAX'];

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
