import type { BackofficeApp } from '../http/context.ts';
import { createDenyReason } from './create-deny-reason.ts';
import { decideFile } from './decide-file.ts';
import { dissociateTenant } from './dissociate-tenant.ts';
import { getDocumentPdf } from './get-document-pdf.ts';
import { getOriginal } from './get-original.ts';
import { listDenyReasons } from './list-deny-reasons.ts';
import { listFiles } from './list-files.ts';
import { login } from './login.ts';
import { logout } from './logout.ts';
import { me } from './me.ts';
import { mergeFiles } from './merge-files.ts';
import { openFile } from './open-file.ts';
import { listDeadWebhooks } from './list-dead-webhooks.ts';
import { replayWebhook } from './replay-webhook.ts';
import { replayWebhooksSince } from './replay-webhooks-since.ts';
import { resendWebhook } from './resend-webhook.ts';
import { updateDenyReason } from './update-deny-reason.ts';

/** Every operation of the back-office API, one file each. */
export const BACKOFFICE_ROUTES: ((app: BackofficeApp) => void)[] = [
  login,
  logout,
  me,
  listFiles,
  openFile,
  getOriginal,
  getDocumentPdf,
  decideFile,
  listDenyReasons,
  createDenyReason,
  updateDenyReason,
  resendWebhook,
  dissociateTenant,
  mergeFiles,
  listDeadWebhooks,
  replayWebhook,
  replayWebhooksSince,
];
