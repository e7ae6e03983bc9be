import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import type { Role } from '../operators/accounts.ts';
import type { BackofficeApp } from './context.ts';
import { backofficeResponses } from './responses.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role the route needs; null: no session (login). */
    role?: Role | null;
  }
}

/** One operation of the back-office API: its role, its schemas, every status it can answer. */
export function operatorRoute(
  app: BackofficeApp,
  route: {
    method: 'GET' | 'POST' | 'PUT' | 'DELETE';
    url: string;
    operationId: string;
    summary: string;
    role: Role | null;
    tags: string[];
    params?: TSchema;
    querystring?: TSchema;
    body?: TSchema;
    ok: TSchema;
    okStatus?: number;
    conflict?: string;
    throttled?: boolean;
    handler(request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
  },
) {
  app.route({
    method: route.method,
    url: route.url,
    config: { role: route.role },
    schema: {
      operationId: route.operationId,
      summary: route.role ? `${route.summary} (role ${route.role} or above)` : route.summary,
      tags: route.tags,
      ...(route.params ? { params: route.params } : {}),
      ...(route.querystring ? { querystring: route.querystring } : {}),
      ...(route.body ? { body: route.body } : {}),
      response: backofficeResponses(route.ok, { auth: route.role !== null, conflict: route.conflict, throttled: route.throttled, okStatus: route.okStatus }),
    },
    handler: route.handler,
  });
}
