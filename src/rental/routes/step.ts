import type { TSchema } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { partnerOf } from '../http/auth.ts';
import { sendModel, type RentalApp } from '../http/context.ts';
import { rentalResponses } from '../http/responses.ts';
import { TenantModelSchema } from '../http/schemas.ts';
import { requireLinkedTenant } from '../tenants/access.ts';
import { loadTenantModel } from '../tenants/tenant-model.ts';

export interface StepDefinition<B> {
  path: string;
  operationId: string;
  summary: string;
  body: TSchema;
  /** The step can refuse a state with 409. */
  conflict?: boolean;
  /** The step itself, on a tenant the partner is linked to. */
  run(tenantId: number, body: B, request: FastifyRequest): Promise<void>;
}

/**
 * A register step with a JSON body: the body is validated first (a bad payload is a 400 even for a
 * tenant the partner does not own, §2), then the link is checked (403), then the step runs and the
 * tenant's TenantModel is the answer (200).
 */
export function jsonStep<B extends { tenantId: number }>(app: RentalApp, step: StepDefinition<B>) {
  app.post(
    step.path,
    { schema: { operationId: step.operationId, tags: ['register'], summary: step.summary, body: step.body, response: rentalResponses(TenantModelSchema, { body: 'json', conflict: step.conflict ?? false }) } },
    async (request, reply) => {
      const body = request.body as B;
      const tenantId = await requireLinkedTenant(app.rental.db, partnerOf(request).id, body.tenantId);
      await step.run(tenantId, body, request);
      app.rental.noteWrites(3);
      return sendModel(reply, await loadTenantModel(app.rental.db, tenantId, app.rental.apiBase, { sharing: app.rental.sharing, partnerId: partnerOf(request).id }));
    },
  );
}
