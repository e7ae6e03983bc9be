/** OAuth2 error codes of RFC 6749 §5.2, each with its status. */
export const OAUTH_ERRORS = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
} as const;

export type OAuthErrorCode = keyof typeof OAUTH_ERRORS;

export class OAuthError extends Error {
  readonly status: number;
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    /** The client authenticated with HTTP Basic: a 401 then carries a Basic challenge (RFC 6749 §5.2). */
    readonly basic = false,
  ) {
    super(description);
    this.name = 'OAuthError';
    this.status = OAUTH_ERRORS[code];
  }
}

export const oauthErrorBody = (error: OAuthError) => ({ error: error.code, error_description: error.description });
