export { backofficeModule } from './module/index.ts';
export { backofficeSettingsOf, type BackofficeSettings } from './module/settings.ts';
export { asBackofficeDb } from './db.ts';
export { createOperator, ROLES, type Role } from './operators/accounts.ts';
