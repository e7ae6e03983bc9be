import { OAuthError } from './errors.ts';

export interface ClientCredentialsRequest {
  clientId: string;
  clientSecret: string;
  /** The requested scopes; null when the `scope` parameter is absent or empty. */
  scopes: string[] | null;
  basic: boolean;
}

/**
 * Reads a client-credentials token request (RFC 6749 §4.4, §2.3.1): the client authenticates with
 * HTTP Basic or with `client_id` / `client_secret` in the form, never both. Pure: tested on its own.
 */
export function readTokenRequest(form: Record<string, string | string[] | undefined>, authorization: string | undefined): ClientCredentialsRequest {
  const single = (name: string): string | undefined => {
    const value = form[name];
    if (Array.isArray(value)) throw new OAuthError('invalid_request', `${name} is repeated`);
    return value;
  };
  const grantType = single('grant_type');
  const formId = single('client_id');
  const formSecret = single('client_secret');
  const scope = single('scope');
  const basic = parseBasic(authorization);
  if (!grantType) throw new OAuthError('invalid_request', 'grant_type is required', basic !== null);
  if (grantType !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 'only grant_type=client_credentials is supported', basic !== null);
  if (basic && formSecret !== undefined) throw new OAuthError('invalid_request', 'authenticate with HTTP Basic or with client_secret, not both', true);
  if (basic && formId !== undefined && formId !== basic.id) throw new OAuthError('invalid_request', 'client_id differs from the HTTP Basic user', true);
  const clientId = basic?.id ?? formId;
  const clientSecret = basic?.secret ?? formSecret;
  if (!clientId || !clientSecret) throw new OAuthError('invalid_client', 'client authentication is required', basic !== null);
  const scopes = scope === undefined || scope.trim() === '' ? null : [...new Set(scope.trim().split(/ +/))];
  return { clientId, clientSecret, scopes, basic: basic !== null };
}

function parseBasic(header: string | undefined): { id: string; secret: string } | null {
  if (!header) return null;
  const m = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!m) throw new OAuthError('invalid_client', 'the Authorization header is not HTTP Basic', true);
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new OAuthError('invalid_client', 'the HTTP Basic credentials have no ":"', true);
  try {
    // RFC 6749 §2.3.1: id and secret are form-encoded before Basic encoding.
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
  } catch {
    throw new OAuthError('invalid_client', 'the HTTP Basic credentials are not correctly encoded', true);
  }
}

/** The scopes granted: all of the client's when none are asked, else the asked ones, each of which it must hold. */
export function grantScopes(requested: string[] | null, allowed: readonly string[]): string[] {
  if (requested === null) return [...allowed];
  const unknown = requested.filter((s) => !allowed.includes(s));
  if (unknown.length) throw new OAuthError('invalid_scope', `scope not granted to this client: ${unknown.join(' ')}`);
  return requested;
}
