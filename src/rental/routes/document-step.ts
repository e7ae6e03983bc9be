import { partnerOf } from '../http/auth.ts';
import { sendModel, type RentalApp } from '../http/context.ts';
import { readMultipart, tenantIdField } from '../http/multipart.ts';
import { rentalResponses } from '../http/responses.ts';
import { TenantModelSchema } from '../http/schemas.ts';
import type { TenantCategory } from '../documents/categories.ts';
import { saveTenantDocument } from '../documents/save.ts';
import { requireLinkedTenant } from '../tenants/access.ts';
import { loadTenantModel } from '../tenants/tenant-model.ts';

/** A tenant document step (§3.2.1 (5)–(9)): multipart, files in parts named `documents`. */
export function documentStep(app: RentalApp, step: { path: string; operationId: string; category: TenantCategory; summary: string }) {
  app.post(
    step.path,
    {
      schema: {
        operationId: step.operationId,
        tags: ['register'],
        summary: step.summary,
        consumes: ['multipart/form-data'],
        response: rentalResponses(TenantModelSchema, { body: 'multipart' }),
      },
    },
    async (request, reply) => {
      const { fields, files } = await readMultipart(request, app.rental.uploads);
      const tenantId = await requireLinkedTenant(app.rental.db, partnerOf(request).id, tenantIdField(fields));
      await saveTenantDocument(app.rental, tenantId, step.category, fields, files, app.rental.now());
      app.rental.noteWrites(3 + files.length);
      return sendModel(reply, await loadTenantModel(app.rental.db, tenantId, app.rental.apiBase));
    },
  );
}
