import type { Generated, Kysely } from 'kysely';
import type { DossierContent } from './dossiers/model.ts';

/** The broker schema's tables, as Kysely sees them. */
export interface BrokerTables {
  'broker.brokers': { id: string; name: string; created_at: Generated<Date> };
  'broker.api_keys': {
    id: string;
    broker_id: string;
    token_hash: string;
    label: string;
    allowed_origins: string[];
    created_at: Generated<Date>;
    revoked_at: Date | null;
  };
  'broker.dossiers': {
    id: string;
    broker_id: string;
    reference: string;
    client: Generated<boolean>;
    content: DossierContent;
    /** `GET /dossiers/{id}`'s answer as JSON text; null until the file's first write since migration 002. */
    rendered: string | null;
    emprunteur: string | null;
    email: string | null;
    natureprojet: string | null;
    dateconditionsuspensive: string | null;
    datesignature: string | null;
    avancement: number;
    etape: string;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    version: Generated<number>;
  };
}

export type BrokerDb = Kysely<BrokerTables>;

export const asBrokerDb = (db: Kysely<unknown>) => db as unknown as BrokerDb;
