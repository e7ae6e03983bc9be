import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ParticulierError, errorBody } from '../errors.ts';

/** Any failure of the surface, including Fastify's own, as the contract's `{errors:[…]}` body. */
export function toParticulierError(error: unknown): ParticulierError {
  if (error instanceof ParticulierError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fastifyError.statusCode === 413) return ParticulierError.generic('00413');
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return ParticulierError.generic('00400');
  }
  return ParticulierError.generic('00500');
}

export function particulierErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const failure = toParticulierError(error);
  if (failure.status >= 500 && !(error instanceof ParticulierError)) request.log.error({ err: error }, 'particulier request failed');
  return reply.code(failure.status).headers(failure.headers).type('application/json; charset=utf-8').send(JSON.stringify(errorBody(failure.body)));
}
