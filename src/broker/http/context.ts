import type { FastifyInstance, FastifyBaseLogger, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { BrokerDb } from '../db.ts';
import type { BrokerActor } from '../keys/keys.ts';
import type { OnDossierWrite } from '../dossiers/service.ts';
import type { ReadCache } from '../dossiers/read-cache.ts';

/** What the broker surface needs from the platform, handed in by the app factory. */
export interface BrokerDeps {
  db: BrokerDb;
  onWrite: OnDossierWrite;
  /** Base URL of our guide, for the `apiguide` link of every error. */
  guideUrl: string;
  /** Origins always allowed (our own pages, e.g. the embedded form). */
  ownOrigins: string[];
  /** Rendered reads, only when this process is the database's only writer (embedded). */
  readCache: ReadCache | null;
  now?: () => Date;
  /** Subscribes to revocations made in this process, so cached keys are dropped at once. */
  onKeyRevoked?: (listener: (keyId: string) => void) => void;
}

export type BrokerApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    brokerActor: BrokerActor | null;
  }
}

/** The authenticated broker; the auth hook guarantees it on every broker route. */
export function actorOf(request: { brokerActor: BrokerActor | null }): BrokerActor {
  if (!request.brokerActor) throw new Error('broker route reached without an authenticated key');
  return request.brokerActor;
}
