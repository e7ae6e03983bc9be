import { sectionOf, type Config, type EnvReader } from '../../platform/config/index.ts';

/** The rental surface's own configuration section. */
export interface RentalSettings {
  /** Where the partner API is mounted. */
  prefix: string;
  /** Where the OAuth2 token endpoint and the JWKS are mounted. */
  oauthPrefix: string;
  /** Lifetime of an access token, in seconds. */
  tokenTtlSeconds: number;
  /** An external OpenID issuer (e.g. Keycloak's realm URL) whose tokens the surface accepts instead of its own; null: Foyer issues them. */
  oauthIssuer: string | null;
  /** Timeout of each request to the external issuer (discovery, JWKS). */
  oauthIssuerTimeoutMs: number;
}

export function readRentalSettings(read: EnvReader): RentalSettings {
  return {
    prefix: read.prefix('FOYER_RENTAL_PREFIX', '/api-partner'),
    oauthPrefix: read.prefix('FOYER_RENTAL_OAUTH_PREFIX', '/oauth'),
    tokenTtlSeconds: read.integer('FOYER_RENTAL_TOKEN_TTL_SECONDS', 300, 30, 86_400),
    oauthIssuer: read.raw('FOYER_RENTAL_OAUTH_ISSUER') === undefined ? null : read.url('FOYER_RENTAL_OAUTH_ISSUER', '', ['http:', 'https:']),
    oauthIssuerTimeoutMs: read.integer('FOYER_RENTAL_OAUTH_ISSUER_TIMEOUT_MS', 5000, 100, 60_000),
  };
}

export const rentalSettingsOf = (config: Config): RentalSettings => sectionOf<RentalSettings>(config, 'rental');
