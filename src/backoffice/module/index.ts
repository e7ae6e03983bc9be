import { fileURLToPath } from 'node:url';
import { defineModule } from '../../platform/module.ts';
import { backofficeCommands } from './commands.ts';
import { backofficeDemo } from './demo.ts';
import { readBackofficeSettings, type BackofficeSettings } from './settings.ts';
import { backofficeSurface } from './surface.ts';

/**
 * The operator back-office: its own module (accounts, sessions, HTTP surface and OpenAPI document at
 * `/backoffice/api`), acting on tenant files only through the rental module's operator desk.
 */
export const backofficeModule = defineModule<BackofficeSettings>({
  name: 'backoffice',
  readConfig: (read) => readBackofficeSettings(read),
  migrations: { module: 'backoffice', directory: fileURLToPath(new URL('../migrations', import.meta.url)) },
  jobs: [],
  redactHeaders: ['x-csrf-token'],
  surface: backofficeSurface,
  demo: backofficeDemo,
  commands: backofficeCommands,
});
