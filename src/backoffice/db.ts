import type { Generated, Kysely } from 'kysely';

/** The back-office schema's tables, as Kysely sees them. */
export interface BackofficeTables {
  'backoffice.operators': {
    id: Generated<number>;
    email: string;
    role: string;
    password_hash: string;
    disabled: Generated<boolean>;
    created_at: Generated<Date>;
  };
  'backoffice.sessions': {
    token_hash: string;
    operator_id: number;
    created_at: Generated<Date>;
    expires_at: Date;
  };
}

export type BackofficeDb = Kysely<BackofficeTables>;

export const asBackofficeDb = (db: Kysely<unknown>) => db as unknown as BackofficeDb;
