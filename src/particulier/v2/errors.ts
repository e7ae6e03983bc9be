import type { ErrorObject } from '../errors.ts';

/** v2's flat error body `{error, reason, message}` (spec §3.1) and its statuses: 400 for parameters, 503 for providers. */
const NAMES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  408: 'request_timeout',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'too_many_requests',
  431: 'request_header_fields_too_large',
  500: 'internal_error',
  503: 'provider_unknown_error',
  504: 'timeout_error',
};

export function v2Status(v3Status: number): number {
  if (v3Status === 422) return 400;
  if (v3Status === 502) return 503;
  return v3Status;
}

export function v2ErrorBody(v3Status: number, error: ErrorObject | undefined): { error: string; reason: string; message: string } {
  const status = v2Status(v3Status);
  const text = error?.detail ?? 'Erreur';
  return { error: NAMES[status] ?? 'error', reason: text, message: text };
}
