import type { RentalDb } from '../db.ts';
import { touchTenant } from '../tenants/recompute.ts';
import type { TenantFileStatus } from '../status/status.ts';
import { OperatorDeskError } from './errors.ts';
import { fileVersion } from './version.ts';

export interface DocumentDecision {
  documentId: number;
  decision: 'VALIDATED' | 'DECLINED';
  /** Deny reasons (ids of `document_denied_options`) ticked for a DECLINED document. */
  reasonIds?: number[];
  /** Free text for the tenant (plain text: it is escaped into the message). */
  comment?: string | null;
  /** §7.2: the operator may correct the monthly sum of a FINANCIAL document (whole euros). */
  monthlySum?: number;
}

export interface FileDecision {
  operatorId: number;
  tenantId: number;
  /** The `version` the operator read when opening the file. */
  version: string;
  documents: DocumentDecision[];
  now: Date;
}

export interface DecisionOutcome {
  tenantId: number;
  status: TenantFileStatus;
  /** The TO_TENANT message listing the reasons; null when nothing was declined or corrected. */
  messageId: number | null;
  version: string;
}

const CATEGORY_LABELS: Record<string, string> = {
  IDENTIFICATION: "Pièce d'identité",
  RESIDENCY: 'Justificatif de domicile',
  PROFESSIONAL: 'Situation professionnelle',
  FINANCIAL: 'Justificatif de ressources',
  TAX: "Avis d'imposition",
  IDENTIFICATION_LEGAL_PERSON: 'Identité de la personne morale',
  GUARANTEE_PROVIDER_CERTIFICATE: "Certificat de l'organisme garant",
};

/** Operator messages are HTML (§3.2.3): every text put in them is escaped, reasons included. */
export const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * `processFile` (§7.2 operator flow): one decision per tenant, only on a TO_PROCESS file that still
 * has the version the operator opened. In one transaction, under a lock on the tenant's row: the
 * document statuses, a denied-reasons row per declined document (§6.3 snapshot), one TO_TENANT
 * message listing the reasons, the status recomputation (and the event it records) and one audit
 * row per document. A second operator deciding the same file meets the lock, then a changed
 * version, and is refused: nothing of the first decision is lost or merged.
 */
export async function processFile(db: RentalDb, input: FileDecision): Promise<DecisionOutcome> {
  if (!Number.isSafeInteger(input.tenantId) || input.tenantId <= 0 || input.tenantId >= 2 ** 31) throw new OperatorDeskError('NOT_FOUND', 'Tenant not found');
  return db.transaction().execute(async (trx) => {
    const tenant = await trx.selectFrom('rental.tenants').select(['id', 'status']).where('id', '=', input.tenantId).forUpdate().executeTakeFirst();
    if (!tenant) throw new OperatorDeskError('NOT_FOUND', 'Tenant not found');
    if ((await fileVersion(trx, input.tenantId)) !== input.version) {
      throw new OperatorDeskError('STALE_VERSION', 'The file changed since you opened it (another decision, or a change by the tenant): open it again before deciding');
    }
    if (tenant.status !== 'TO_PROCESS') throw new OperatorDeskError('NOT_TO_PROCESS', `Only a TO_PROCESS file can be decided; this one is ${tenant.status}`);

    const guarantors = await trx.selectFrom('rental.guarantors').select(['id', 'first_name', 'last_name', 'legal_person_name', 'type_guarantor']).where('tenant_id', '=', input.tenantId).orderBy('id').execute();
    const documents = await trx
      .selectFrom('rental.documents')
      .select(['id', 'tenant_id', 'guarantor_id', 'document_category', 'document_sub_category', 'document_category_step', 'document_status', 'monthly_sum'])
      .where((eb) => eb.or([eb('tenant_id', '=', input.tenantId), ...(guarantors.length ? [eb('guarantor_id', 'in', guarantors.map((g) => g.id))] : [])]))
      .orderBy('id')
      .execute();
    const byId = new Map(documents.map((d) => [d.id, d]));
    const seen = new Set<number>();
    input.documents.forEach((decision, i) => {
      if (!byId.has(decision.documentId)) throw new OperatorDeskError('INVALID', `documents/${i}/documentId: ${decision.documentId} is not a document of this tenant or of its guarantors`);
      if (seen.has(decision.documentId)) throw new OperatorDeskError('INVALID', `documents/${i}/documentId: ${decision.documentId} is decided twice`);
      seen.add(decision.documentId);
    });
    const undecided = documents.filter((d) => d.document_status === 'TO_PROCESS' && !seen.has(d.id)).map((d) => d.id);
    if (undecided.length) throw new OperatorDeskError('INVALID', `documents: every document to process needs a decision; missing ${undecided.join(', ')}`);

    const reasonIds = [...new Set(input.documents.flatMap((d) => d.reasonIds ?? []))];
    const options = reasonIds.length ? await trx.selectFrom('rental.document_denied_options').selectAll().where('id', 'in', reasonIds).execute() : [];
    const optionById = new Map(options.map((o) => [o.id, o]));
    const items: string[] = [];
    const denials: { documentId: number; checked: typeof options; comment: string | null; snapshot: (typeof documents)[number] }[] = [];
    input.documents.forEach((decision, i) => {
      const document = byId.get(decision.documentId)!;
      const userType = document.guarantor_id === null ? 'tenant' : 'guarantor';
      const comment = decision.comment?.trim() ? decision.comment.trim() : null;
      const checked = (decision.reasonIds ?? []).map((id, j) => {
        const option = optionById.get(id);
        if (!option || option.disabled) throw new OperatorDeskError('INVALID', `documents/${i}/reasonIds/${j}: ${id} is not an active deny reason`);
        if (option.document_user_type !== userType || option.document_category !== document.document_category || (option.document_sub_category !== null && option.document_sub_category !== document.document_sub_category)) {
          throw new OperatorDeskError('INVALID', `documents/${i}/reasonIds/${j}: ${option.code} is not a reason for a ${userType} ${document.document_category} ${document.document_sub_category} document`);
        }
        return option;
      });
      if (decision.decision === 'VALIDATED' && (checked.length || comment)) throw new OperatorDeskError('INVALID', `documents/${i}: a VALIDATED document carries no deny reason and no comment`);
      if (decision.decision === 'DECLINED' && !checked.length && !comment) throw new OperatorDeskError('INVALID', `documents/${i}: a DECLINED document needs at least one deny reason or a comment`);
      if (decision.monthlySum !== undefined && document.document_category !== 'FINANCIAL') throw new OperatorDeskError('INVALID', `documents/${i}/monthlySum: only a FINANCIAL document has a monthly sum`);
      const owner = document.guarantor_id === null ? '' : guarantorLabel(guarantors.find((g) => g.id === document.guarantor_id)!);
      const label = `${owner}${CATEGORY_LABELS[document.document_category] ?? document.document_category}`;
      const lines: string[] = [];
      if (decision.decision === 'DECLINED') {
        lines.push(...checked.map((o) => escapeHtml(o.message_value)));
        if (comment) lines.push(`Commentaire : ${escapeHtml(comment)}`);
        denials.push({ documentId: document.id, checked, comment, snapshot: document });
      }
      if (decision.monthlySum !== undefined && decision.monthlySum !== document.monthly_sum) {
        lines.push(`Le montant mensuel déclaré a été corrigé : ${decision.monthlySum} €.`);
      }
      if (lines.length) items.push(`<li><strong>${escapeHtml(label)}</strong><ul>${lines.map((l) => `<li>${l}</li>`).join('')}</ul></li>`);
    });

    let messageId: number | null = null;
    if (items.length) {
      const intro = denials.length
        ? '<p>Votre dossier a été examiné. Certaines pièces doivent être corrigées :</p>'
        : '<p>Votre dossier a été examiné. Une correction a été apportée :</p>';
      const message = await trx
        .insertInto('rental.messages')
        .values({ tenant_id: input.tenantId, message_body: `${intro}<ul>${items.join('')}</ul>`, type_message: 'TO_TENANT', status: 'UNREAD', creation_date_time: input.now })
        .returning('id')
        .executeTakeFirstOrThrow();
      messageId = message.id;
    }
    for (const decision of input.documents) {
      const document = byId.get(decision.documentId)!;
      await trx
        .updateTable('rental.documents')
        .set({ document_status: decision.decision, ...(decision.monthlySum !== undefined ? { monthly_sum: decision.monthlySum } : {}) })
        .where('id', '=', decision.documentId)
        .execute();
      await trx
        .insertInto('rental.operator_audit')
        .values({
          operator_id: input.operatorId,
          action: 'DOCUMENT_DECISION',
          tenant_id: input.tenantId,
          document_id: document.id,
          decision: decision.decision,
          details: JSON.stringify({
            reasonIds: decision.reasonIds ?? [],
            ...(decision.monthlySum !== undefined && decision.monthlySum !== document.monthly_sum ? { monthlySumCorrected: true } : {}),
          }),
          created_at: input.now,
        })
        .execute();
    }
    for (const denial of denials) {
      await trx
        .insertInto('rental.document_denied_reasons')
        .values({
          document_id: denial.documentId,
          message_id: messageId,
          checked_options: denial.checked.map((o) => o.message_value),
          checked_options_id: denial.checked.map((o) => o.id),
          checked_codes: denial.checked.map((o) => o.code),
          comment: denial.comment,
          message_data: true,
          document_category: denial.snapshot.document_category,
          document_sub_category: denial.snapshot.document_sub_category,
          document_category_step: denial.snapshot.document_category_step,
          document_tenant_type: denial.snapshot.guarantor_id === null ? 'tenant' : 'guarantor',
          created_at: input.now,
        })
        .execute();
    }
    await touchTenant(trx, input.tenantId, input.now);
    const after = await trx.selectFrom('rental.tenants').select('status').where('id', '=', input.tenantId).executeTakeFirstOrThrow();
    return { tenantId: input.tenantId, status: after.status as TenantFileStatus, messageId, version: (await fileVersion(trx, input.tenantId))! };
  });
}

function guarantorLabel(g: { first_name: string | null; last_name: string | null; legal_person_name: string | null; type_guarantor: string }): string {
  const name = g.legal_person_name ?? [g.first_name, g.last_name].filter(Boolean).join(' ');
  return name ? `Garant (${name}) : ` : 'Garant : ';
}
