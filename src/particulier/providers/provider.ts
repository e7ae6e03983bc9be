import type { Operation } from '../catalogue/operations.ts';
import type { ProviderParams } from '../params/civility.ts';

/** The identity a FranceConnect token carries (spec §7.2 step 2), and the data scopes it grants. */
export interface FranceConnectIdentity {
  scopes: string[];
  family_name?: string;
  given_name?: string;
  birthdate?: string;
  gender?: string;
  birthplace?: string;
  birthcountry?: string;
  preferred_username?: string;
}

export interface ProviderCall {
  op: Operation;
  /** Parameters after the contract's rules (API names, arrays without `[]`). */
  params: ProviderParams;
  recipient: string;
  /** The staging lookup key of `params` (computed once per call). */
  key: string;
  requestId: string;
  /** `Cache-Control: no-cache` was sent. */
  noCache: boolean;
  /** The caller's FranceConnect access token, on a FranceConnect route. */
  franceConnectToken?: string;
}

export interface ProviderAnswer {
  status: number;
  /** The whole body: `{data, links, meta}` for a 200, `{errors}` otherwise. */
  body: unknown;
  /** DSS cache state for `X-Response-Cached` / `X-Cache-Expires-in`; null when no cache applies. */
  cache?: { hit: boolean; expiresIn: number | null } | null;
}

/** What answers behind the contract: the sandbox (staging-format cases) or the real API upstream. */
export interface CitizenDataProvider {
  readonly kind: 'sandbox' | 'upstream';
  /** The sandbox answers at once (no promise on the hot path); the upstream asynchronously. */
  call(call: ProviderCall): ProviderAnswer | Promise<ProviderAnswer>;
  /** Resolves a FranceConnect access token, or throws the contract's 5000x error. */
  franceConnect(accessToken: string): Promise<FranceConnectIdentity>;
}
