import type { TenantFileStatus } from '../status/status.ts';
import type { PartnerEventType } from './event-types.ts';

/**
 * The event a status change sends (§7.2), or null. CREATED_ACCOUNT only on INCOMPLETE → TO_PROCESS;
 * ARCHIVED_ACCOUNT and RETURNED_ACCOUNT are sent by the retention jobs and the upload that revives an
 * archived file, not derived from the status.
 */
export function eventOfStatusChange(from: TenantFileStatus, to: TenantFileStatus): PartnerEventType | null {
  if (from === to) return null;
  if (to === 'VALIDATED') return 'VERIFIED_ACCOUNT';
  if (to === 'DECLINED') return 'DENIED_ACCOUNT';
  if (to === 'TO_PROCESS' && from === 'INCOMPLETE') return 'CREATED_ACCOUNT';
  if (to === 'TO_PROCESS' && (from === 'VALIDATED' || from === 'DECLINED')) return 'REOPENED_ACCOUNT';
  return null;
}
