import { Type } from 'typebox';

/** A Standard Webhooks message id as Foyer makes them (`msg_` and base32). */
export const WebhookId = Type.String({ pattern: '^msg_[a-z2-7]{1,64}$', maxLength: 68, description: 'The `webhook-id` header of the delivery' });

export const DeliverySummary = Type.Object({
  webhookId: Type.String(),
  partnerId: Type.Integer(),
  partnerName: Type.String(),
  tenantId: Type.Integer(),
  eventType: Type.String(),
  state: Type.String({ description: 'PENDING, DELIVERED or DEAD' }),
  attempts: Type.Integer(),
  createdAt: Type.String({ description: 'ISO 8601' }),
  deliveredAt: Type.Union([Type.String({ description: 'ISO 8601' }), Type.Null()]),
  deadAt: Type.Union([Type.String({ description: 'ISO 8601' }), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
});
