import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { classifyFrameworkError, type FrameworkFault } from '../../platform/http/framework-errors.ts';
import { CalculatorInputError } from '../calculators/input-error.ts';
import { BrokerError, brokerErrorBody } from '../errors.ts';
import { brokerErrorFromValidation } from './validation.ts';

const whole = (message: string) => [{ field: '$', message }];

/** Fastify's verdicts on a request, in the broker's words; a status outside the guide only where it has none. */
export function brokerErrorForFault(fault: FrameworkFault): BrokerError {
  switch (fault.kind) {
    case 'unreadable-body':
      return new BrokerError('INVALID_FORM', whole('the body is not valid JSON (or it uses a forbidden key such as __proto__)'));
    case 'unsupported-media-type':
      return new BrokerError('UNSUPPORTED_MEDIA_TYPE', whole('send the body as JSON, with Content-Type: application/json'));
    case 'bad-content-length':
      return new BrokerError('BAD_REQUEST', whole('the body\'s size does not match its Content-Length'));
    case 'body-too-large':
      return new BrokerError('BODY_TOO_LARGE');
    case 'param-too-long':
      return new BrokerError('URI_TOO_LONG', whole('a path parameter is too long'));
    case 'bad-url':
      return new BrokerError('BAD_REQUEST', whole('the path is not correctly percent-encoded'));
    case 'bad-request':
      return new BrokerError('BAD_REQUEST', whole('the request could not be read'));
    case 'malformed-request':
      return new BrokerError('BAD_REQUEST', whole('the request is not well-formed HTTP/1.1'));
    case 'headers-too-large':
      return new BrokerError('HEADERS_TOO_LARGE', whole('the request line and headers are larger than the service accepts'));
    case 'request-timeout':
      return new BrokerError('REQUEST_TIMEOUT', whole('the request did not arrive whole within the service\'s time limit'));
  }
}

/** Every failure of the broker surface leaves in the contract's body, with a status that agrees. */
export function toBrokerError(error: unknown): BrokerError {
  if (error instanceof BrokerError) return error;
  if (error instanceof CalculatorInputError) {
    return new BrokerError(error.kind === 'incomplete' ? 'INCOMPLETE_FORM' : 'INVALID_FORM', [
      { field: `$.${error.field}`, message: error.message },
    ]);
  }
  const validation = (error as { validation?: ErrorObject[] } | null)?.validation;
  if (validation) return brokerErrorFromValidation(validation);
  const fault = classifyFrameworkError(error);
  return fault ? brokerErrorForFault(fault) : new BrokerError('INTERNAL');
}

export function brokerErrorHandler(guideUrl: string) {
  return function handle(error: unknown, request: FastifyRequest, reply: FastifyReply) {
    const brokerError = toBrokerError(error);
    if (brokerError.code === 'INTERNAL') request.log.error({ err: error }, 'broker request failed');
    return reply.code(brokerError.status).send(brokerErrorBody(brokerError, guideUrl));
  };
}
