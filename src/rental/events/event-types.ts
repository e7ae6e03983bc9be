/**
 * The partner callback events (§9.4), plus REOPENED_ACCOUNT, which DossierFacile does not send: a
 * VALIDATED or DECLINED file went back to TO_PROCESS (§7.2 "VALIDATED → TO_PROCESS … none"). Its
 * payload is the same ApplicationModel; clients that switch on the nine known values ignore it.
 */
export const PARTNER_EVENT_TYPES = [
  'CREATED_ACCOUNT',
  'VERIFIED_ACCOUNT',
  'DENIED_ACCOUNT',
  'ARCHIVED_ACCOUNT',
  'RETURNED_ACCOUNT',
  'DELETED_ACCOUNT',
  'DISSOCIATED_ACCOUNT',
  'MERGED_ACCOUNT',
  'ACCESS_REVOKED',
  'REOPENED_ACCOUNT',
] as const;

export type PartnerEventType = (typeof PARTNER_EVENT_TYPES)[number];
