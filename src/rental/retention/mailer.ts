import type { Logger } from 'pino';

/** The emails of the inactivity pipeline (§11.1). */
export type RetentionTemplate = 'INACTIVITY_WARNING_1' | 'INACTIVITY_WARNING_2';

export interface RetentionEmail {
  template: RetentionTemplate;
  tenantId: number;
  /** The tenant's address and first name: for the mail only, never for a log. */
  to: string;
  firstName: string | null;
  /** The day the file will be archived without activity, for the text of the mail. */
  archiveOn: Date;
}

/** The email port: a real adapter sends through a mail service; Foyer ships the log adapter only. */
export interface RetentionMailer {
  send(email: RetentionEmail): Promise<void>;
}

/** Logs that a mail would go, by template and tenant id: the address and the names never reach the log. */
export function logMailer(logger: Logger): RetentionMailer {
  return {
    async send(email) {
      logger.info({ template: email.template, tenantId: email.tenantId, archiveOn: email.archiveOn.toISOString() }, 'retention email');
    },
  };
}
