import { fileURLToPath } from 'node:url';
import { defineModule } from '../../platform/module.ts';
import { dossierChangedJob } from '../jobs.ts';
import { brokerCommands } from './commands.ts';
import { brokerDemo } from './demo.ts';
import { readBrokerSettings, type BrokerSettings } from './settings.ts';
import { brokerSurface } from './surface.ts';

/** The CREDITEO-compatible broker module, as the platform sees it. */
export const brokerModule = defineModule<BrokerSettings>({
  name: 'broker',
  readConfig: (read) => readBrokerSettings(read),
  migrations: { module: 'broker', directory: fileURLToPath(new URL('../migrations', import.meta.url)) },
  jobs: [dossierChangedJob],
  redactHeaders: ['x-crediteo-user-auth-token'],
  surface: brokerSurface,
  demo: brokerDemo,
  commands: brokerCommands,
});
