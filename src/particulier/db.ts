import type { Generated, Kysely } from 'kysely';

/** The particulier schema's tables, as Kysely sees them. */
export interface ParticulierTables {
  'particulier.tokens': {
    jti: string;
    name: string;
    scopes: string[];
    recipients: string[];
    allowed_ips: string[];
    rate_limit_per_minute: number | null;
    habilitation: Generated<string | null>;
    expires_at: Date;
    revoked_at: Date | null;
    created_at: Generated<Date>;
  };
  /** One row per call (migration 004), parameters hashed. */
  'particulier.access_log': {
    id: Generated<string>;
    at: Date;
    request_id: string;
    token_jti: string | null;
    operation: string;
    recipient: string | null;
    status: number;
    duration_ms: number;
    params_hash: string | null;
  };
  'particulier.rate_counters': { bucket: string; window_end: string; count: number };
  'particulier.in_flight': { key: string; claimed_by: string; expires_at: Date };
  'particulier.ip_bans': { ip: string; until: Date; reason: string; created_at: Generated<Date> };
}

export type ParticulierDb = Kysely<ParticulierTables>;

export const asParticulierDb = (db: Kysely<unknown>) => db as unknown as ParticulierDb;
