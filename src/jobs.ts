import { dossierChangedJob } from './broker/index.ts';
import type { AnyJob } from './platform/queue/index.ts';

/** The one typed registry of background jobs: every queue the service creates and works. */
export const JOBS: AnyJob[] = [dossierChangedJob];
