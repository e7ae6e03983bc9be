import type { DossierPorts } from '../dossiers/service.ts';
import type { BrokerDeps } from './context.ts';

export const dossierPorts = (deps: BrokerDeps): DossierPorts => ({ db: deps.db, onWrite: deps.onWrite, cache: deps.readCache, now: deps.now });
