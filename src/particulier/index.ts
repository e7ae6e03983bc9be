export { particulierModule } from './module/index.ts';
export { particulierSettingsOf, type ParticulierSettings } from './module/settings.ts';
export { CATALOGUE, type Operation } from './catalogue/operations.ts';
export { ALL_SCOPES } from './catalogue/scopes.ts';
