import { fileURLToPath } from 'node:url';
import { defineModule } from '../../platform/module.ts';
import { rentalCommands } from './commands.ts';
import { documentCommands } from './document-commands.ts';
import { retentionCommands } from '../retention/commands.ts';
import { rentalDemo } from './demo.ts';
import { pruneWebhookPayloadsJob, retentionJob, sweepOrphanBlobsJob } from './jobs.ts';
import { fullPdfJob } from './full-pdf-job.ts';
import { renderDocumentJob } from './render-job.ts';
import { readRentalSettings, type RentalSettings } from './settings.ts';
import { rentalSurface } from './surface.ts';

/** The DossierFacile-compatible rental partner module, as the platform sees it. */
export const rentalModule = defineModule<RentalSettings>({
  name: 'rental',
  readConfig: (read) => readRentalSettings(read),
  migrations: { module: 'rental', directory: fileURLToPath(new URL('../migrations', import.meta.url)) },
  jobs: [sweepOrphanBlobsJob, renderDocumentJob, fullPdfJob, retentionJob, pruneWebhookPayloadsJob],
  redactHeaders: [],
  surface: rentalSurface,
  demo: rentalDemo,
  commands: [...rentalCommands, ...retentionCommands, ...documentCommands],
});
