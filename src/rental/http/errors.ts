import type { ErrorObject } from 'ajv';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { classifyFrameworkError, type FrameworkFault } from '../../platform/http/framework-errors.ts';
import { RentalError, rentalErrorBody } from '../errors.ts';
import { multipartProblem } from './multipart.ts';
import { rentalErrorFromValidation } from './validation.ts';

export function rentalErrorForFault(fault: FrameworkFault): RentalError {
  switch (fault.kind) {
    case 'unreadable-body':
    case 'bad-content-length':
    case 'bad-request':
      return new RentalError('UNREADABLE_BODY');
    case 'unsupported-media-type':
      return new RentalError('UNSUPPORTED_MEDIA_TYPE', ['send the body as application/json']);
    case 'body-too-large':
      return new RentalError('BODY_TOO_LARGE');
    case 'param-too-long':
    case 'bad-url':
      return new RentalError('NOT_FOUND');
    case 'malformed-request':
      return new RentalError('INVALID', ['request: not well-formed HTTP/1.1']);
    case 'headers-too-large':
      return new RentalError('HEADERS_TOO_LARGE');
    case 'request-timeout':
      return new RentalError('REQUEST_TIMEOUT');
  }
}

export function toRentalError(error: unknown): RentalError {
  if (error instanceof RentalError) return error;
  const validation = (error as { validation?: ErrorObject[] } | null)?.validation;
  if (validation) return rentalErrorFromValidation(validation);
  const multipart = multipartProblem(error);
  if (multipart) return multipart;
  if ((error as { message?: string } | null)?.message === 'Unexpected end of form' || (error as { message?: string } | null)?.message === 'Malformed part header') return new RentalError('UNREADABLE_BODY');
  const fault = classifyFrameworkError(error);
  return fault ? rentalErrorForFault(fault) : new RentalError('INTERNAL');
}

export function rentalErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const rentalError = toRentalError(error);
  if (rentalError.code === 'INTERNAL') request.log.error({ err: error }, 'rental request failed');
  const { body, type } = rentalErrorBody(rentalError);
  return reply.code(rentalError.status).type(type).send(typeof body === 'string' ? body : JSON.stringify(body));
}
