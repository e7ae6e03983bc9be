import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RentalRuntime } from '../module/runtime.ts';

declare module 'fastify' {
  interface FastifyInstance {
    rental: RentalRuntime;
  }
}

export type RentalApp = FastifyInstance;

/**
 * Sends a model as built, key order and omitted nulls included: the response schema documents it,
 * and the serializer compiled from it would reorder optional keys.
 */
export function sendModel(reply: FastifyReply, model: unknown) {
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(model));
}
