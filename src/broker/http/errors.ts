import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { CalculatorInputError } from '../calculators/input-error.ts';
import { BrokerError, brokerErrorBody } from '../errors.ts';
import { brokerErrorFromValidation } from './validation.ts';

/** Every failure of the broker surface leaves in the contract's body, with a status that agrees. */
export function toBrokerError(error: unknown): BrokerError {
  if (error instanceof BrokerError) return error;
  if (error instanceof CalculatorInputError) {
    return new BrokerError(error.kind === 'incomplete' ? 'INCOMPLETE_FORM' : 'INVALID_FORM', [
      { field: `$.${error.field}`, message: error.message },
    ]);
  }
  const fastifyError = error as FastifyError & { validation?: ErrorObject[] };
  if (fastifyError.validation) return brokerErrorFromValidation(fastifyError.validation);
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new BrokerError('INVALID_FORM', [{ field: '$', message: 'the body is not valid JSON' }]);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new BrokerError('INVALID_FORM', [{ field: '$', message: 'send the body as application/json' }]);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new BrokerError('BODY_TOO_LARGE');
  }
  if (error instanceof SyntaxError || fastifyError.statusCode === 400) {
    return new BrokerError('INVALID_FORM', [{ field: '$', message: 'the request could not be read' }]);
  }
  return new BrokerError('INTERNAL');
}

export function brokerErrorHandler(guideUrl: string) {
  return function handle(error: unknown, request: FastifyRequest, reply: FastifyReply) {
    const brokerError = toBrokerError(error);
    if (brokerError.code === 'INTERNAL') request.log.error({ err: error }, 'broker request failed');
    return reply.code(brokerError.status).send(brokerErrorBody(brokerError, guideUrl));
  };
}
