import { fileURLToPath } from 'node:url';
import { defineModule } from '../../platform/module.ts';
import { particulierCommands } from './commands.ts';
import { particulierDemo } from './demo.ts';
import { readParticulierSettings, type ParticulierSettings } from './settings.ts';
import { particulierSurface } from './surface.ts';

/** The API Particulier-compatible citizen-data module, as the platform sees it. */
export const particulierModule = defineModule<ParticulierSettings>({
  name: 'particulier',
  readConfig: (read) => readParticulierSettings(read),
  migrations: { module: 'particulier', directory: fileURLToPath(new URL('../migrations', import.meta.url)) },
  jobs: [],
  redactHeaders: ['x-api-key'],
  surface: particulierSurface,
  demo: particulierDemo,
  commands: particulierCommands,
});
