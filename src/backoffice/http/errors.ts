import type { ErrorObject } from 'ajv';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { classifyFrameworkError, type FrameworkFault } from '../../platform/http/framework-errors.ts';
import { MAX_DETAILS } from '../../platform/http/validation.ts';
import { OperatorDeskError } from '../../rental/index.ts';
import { BackofficeError, backofficeErrorBody } from '../errors.ts';

export function backofficeErrorForFault(fault: FrameworkFault): BackofficeError {
  switch (fault.kind) {
    case 'unreadable-body':
    case 'bad-content-length':
    case 'bad-request':
      return new BackofficeError('UNREADABLE_BODY');
    case 'unsupported-media-type':
      return new BackofficeError('UNSUPPORTED_MEDIA_TYPE');
    case 'body-too-large':
      return new BackofficeError('BODY_TOO_LARGE');
    case 'param-too-long':
    case 'bad-url':
      return new BackofficeError('NOT_FOUND');
    case 'malformed-request':
      return new BackofficeError('INVALID', undefined, ['request: not well-formed HTTP/1.1']);
    case 'headers-too-large':
      return new BackofficeError('HEADERS_TOO_LARGE');
    case 'request-timeout':
      return new BackofficeError('REQUEST_TIMEOUT');
  }
}

function fromValidation(errors: ErrorObject[], part: string | undefined): BackofficeError {
  const details = errors.slice(0, MAX_DETAILS).map((e) => {
    const where = `${part ?? 'request'}${e.instancePath}`;
    const extra = e.keyword === 'required' ? ` ${String((e.params as { missingProperty?: string }).missingProperty)}` : e.keyword === 'additionalProperties' ? ` ${String((e.params as { additionalProperty?: string }).additionalProperty).slice(0, 64)}` : '';
    return `${where}: ${e.message ?? 'is invalid'}${extra}`;
  });
  return new BackofficeError('INVALID', undefined, details);
}

export function toBackofficeError(error: unknown): BackofficeError {
  if (error instanceof BackofficeError) return error;
  if (error instanceof OperatorDeskError) {
    switch (error.code) {
      case 'INVALID':
        return new BackofficeError('INVALID', undefined, [error.message]);
      case 'NOT_FOUND':
        return new BackofficeError('NOT_FOUND', error.message);
      default:
        return new BackofficeError(error.code, error.message);
    }
  }
  const e = error as { validation?: ErrorObject[]; validationContext?: string } | null;
  if (e?.validation) return fromValidation(e.validation, e.validationContext);
  const fault = classifyFrameworkError(error);
  return fault ? backofficeErrorForFault(fault) : new BackofficeError('INTERNAL');
}

export function backofficeErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const failure = toBackofficeError(error);
  if (failure.code === 'INTERNAL') request.log.error({ err: error }, 'back-office request failed');
  if (failure.retryAfter !== undefined) reply.header('retry-after', String(failure.retryAfter));
  return reply.code(failure.status).type('application/json; charset=utf-8').send(JSON.stringify(backofficeErrorBody(failure)));
}
