import { partnerOf } from '../http/auth.ts';
import { sendModel, type RentalApp } from '../http/context.ts';
import { readMultipart, tenantIdField } from '../http/multipart.ts';
import { rentalResponses } from '../http/responses.ts';
import { TenantModelSchema } from '../http/schemas.ts';
import type { TenantCategory } from '../documents/categories.ts';
import { saveTenantDocument } from '../documents/save.ts';
import { requireGuarantor, requireTexts, setGuarantorNames, type GuarantorNames } from '../guarantors/guarantor-names.ts';
import type { GuarantorType } from '../status/status.ts';
import { requireLinkedTenant } from '../tenants/access.ts';
import { loadTenantModel } from '../tenants/tenant-model.ts';

export interface GuarantorStep {
  path: string;
  operationId: string;
  summary: string;
  type: GuarantorType;
  /** The document category stored, or null for a names-only step. */
  category: TenantCategory | null;
  /** Required text fields, and the guarantor columns they set. */
  names?: Record<string, keyof GuarantorNames>;
}

/** A guarantor step (§3.2.2): multipart even for the names, `tenantId` and `guarantorId` required. */
export function guarantorStep(app: RentalApp, step: GuarantorStep) {
  app.post(
    `/register/${step.path}`,
    { schema: { operationId: step.operationId, tags: ['guarantor'], summary: step.summary, consumes: ['multipart/form-data'], response: rentalResponses(TenantModelSchema, { body: 'multipart' }) } },
    async (request, reply) => {
      const { db, now } = app.rental;
      const { fields, files } = await readMultipart(request, app.rental.uploads);
      const texts = requireTexts(fields, Object.keys(step.names ?? {}));
      const tenantId = await requireLinkedTenant(db, partnerOf(request).id, tenantIdField(fields));
      const guarantorId = await requireGuarantor(db, tenantId, fields, step.type);
      if (step.category) await saveTenantDocument(app.rental, tenantId, step.category, fields, files, now(), guarantorId);
      if (step.names) {
        const names = Object.fromEntries(Object.entries(step.names).map(([field, column]) => [column, texts[field]!])) as GuarantorNames;
        await setGuarantorNames(db, tenantId, guarantorId, names, now(), step.type === 'NATURAL_PERSON' && step.category === null);
      }
      app.rental.noteWrites(3 + files.length);
      return sendModel(reply, await loadTenantModel(db, tenantId, app.rental.apiBase, { sharing: app.rental.sharing, partnerId: partnerOf(request).id }));
    },
  );
}
