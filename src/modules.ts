import { backofficeModule } from './backoffice/index.ts';
import { brokerModule } from './broker/index.ts';
import { particulierModule } from './particulier/index.ts';
import type { AnyModule } from './platform/module.ts';
import { rentalModule } from './rental/index.ts';

/** Every module of the service (the back-office after rental: it acts through rental's operator desk). The app factory, the CLI, the job registry and the demo seeding loop over this list. */
export const MODULES: readonly AnyModule[] = [brokerModule, particulierModule, rentalModule, backofficeModule];
