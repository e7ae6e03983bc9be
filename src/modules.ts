import { brokerModule } from './broker/index.ts';
import { particulierModule } from './particulier/index.ts';
import type { AnyModule } from './platform/module.ts';
import { rentalModule } from './rental/index.ts';

/** Every module of the service. The app factory, the CLI, the job registry and the demo seeding loop over this list. */
export const MODULES: readonly AnyModule[] = [brokerModule, particulierModule, rentalModule];
