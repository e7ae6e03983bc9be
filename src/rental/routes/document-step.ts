import { partnerOf } from '../http/auth.ts';
import { sendModel, type RentalApp } from '../http/context.ts';
import { readMultipart, tenantIdField } from '../http/multipart.ts';
import { rentalResponses } from '../http/responses.ts';
import { TenantModelSchema } from '../http/schemas.ts';
import type { TenantCategory } from '../documents/categories.ts';
import { saveTenantDocument } from '../documents/save.ts';
import { readUploadTarget } from '../documents/upload-reads.ts';
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
      const tenantId = tenantIdField(fields);
      // The link (403 otherwise) and the documents the §4 limits count, in one read.
      const holdings = await readUploadTarget(app.rental.db, partnerOf(request).id, tenantId, step.category);
      await saveTenantDocument(app.rental, tenantId, step.category, fields, files, app.rental.now(), null, holdings);
      app.rental.noteWrites(3 + files.length);
      return sendModel(reply, await loadTenantModel(app.rental.db, tenantId, app.rental.apiBase, { sharing: app.rental.sharing, partnerId: partnerOf(request).id }));
    },
  );
}
