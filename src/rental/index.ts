export { rentalModule } from './module/index.ts';
export { rentalSettingsOf, type RentalSettings } from './module/settings.ts';
export { asRentalDb } from './db.ts';
export { createPartner } from './partners/partners.ts';
export { rentalRuntime } from './module/runtime.ts';
export { clientClaims } from './oauth/tokens.ts';
export { recordTenantEvent } from './events/record.ts';
export { eraseTenantWebhookPayloads, listDeadDeliveries, replayDelivery, replaySince } from './events/replay.ts';
