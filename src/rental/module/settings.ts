import { sectionOf, type Config, type EnvReader } from '../../platform/config/index.ts';

/** The rental surface's own configuration section. */
export interface RentalSettings {
  /** Where the partner API is mounted. */
  prefix: string;
  /** Where the OAuth2 token endpoint and the JWKS are mounted. */
  oauthPrefix: string;
  /** Lifetime of an access token, in seconds. */
  tokenTtlSeconds: number;
}

export function readRentalSettings(read: EnvReader): RentalSettings {
  return {
    prefix: read.prefix('FOYER_RENTAL_PREFIX', '/api-partner'),
    oauthPrefix: read.prefix('FOYER_RENTAL_OAUTH_PREFIX', '/oauth'),
    tokenTtlSeconds: read.integer('FOYER_RENTAL_TOKEN_TTL_SECONDS', 300, 30, 86_400),
  };
}

export const rentalSettingsOf = (config: Config): RentalSettings => sectionOf<RentalSettings>(config, 'rental');
