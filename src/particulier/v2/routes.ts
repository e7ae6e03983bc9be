import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Operation } from '../catalogue/operations.ts';
import { ParticulierError, type ErrorObject } from '../errors.ts';
import type { ParticulierDeps } from '../http/context.ts';
import { toParticulierError } from '../http/framework-errors.ts';
import { executeOperation } from '../http/operation-handler.ts';
import { bearerOf } from '../http/auth.ts';
import { callRouteLogLevel } from '../http/call-log-level.ts';
import { applyRows } from './engine.ts';
import { v2ErrorBody, v2Status } from './errors.ts';
import { v2RouteSchema } from './openapi.ts';
import { V2_ROUTES } from './requests.ts';
import { RESPONSE_TABLES } from './responses.ts';

function sendV2Error(reply: FastifyReply, status: number, error: ErrorObject | undefined, headers: Record<string, string> = {}) {
  return reply
    .code(v2Status(status))
    .headers(headers)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(v2ErrorBody(status, error)));
}

/**
 * The v2 routes that have a v3 equivalent (spec §6.1), under their v2 paths and auth (`X-Api-Key`,
 * or `?token=`; or a FranceConnect access token as `Authorization: Bearer` on the FranceConnect-able
 * APIs, which then run their v3 `france_connect` operation): the query is translated to the v3 operation, run through the same pipeline (scopes,
 * limits, access log), and the answer translated back, errors in v2's flat shape and statuses.
 */
export function registerV2Routes(app: FastifyInstance, deps: ParticulierDeps) {
  const byPath = new Map<string, Operation>(deps.operations.map((o) => [o.path, o]));
  const byApi = new Map<string, Operation>(deps.operations.filter((o) => o.version === 3).map((o) => [`${o.api}/${o.modality}`, o]));
  const logLevel = callRouteLogLevel(app, deps.settings.callLogLevel);
  for (const route of V2_ROUTES) {
    app.get(route.path, { schema: v2RouteSchema(route.path, `v2_${route.table}`), ...logLevel }, async (request: FastifyRequest, reply) => {
      const v2Query = request.query as Record<string, unknown>;
      const { path, query } = route.resolve(v2Query);
      const op = byPath.get(path)!;
      const key = request.headers['x-api-key'];
      const token = typeof key === 'string' ? key : typeof v2Query.token === 'string' ? v2Query.token : null;
      // v2 FranceConnect: the FC access token in `Authorization: Bearer` replaces X-Api-Key.
      const fcToken = token ? null : bearerOf(request);
      const fcOp = fcToken ? byApi.get(`${op.api}/france_connect`) : undefined;
      try {
        const answer = fcOp
          ? await executeOperation(fcOp, deps, byApi.get(`${op.api}/identite`), request, reply, {
              query: Object.fromEntries(Object.entries(query).filter(([k]) => ['recipient', 'annee', 'mois'].includes(k))),
              bearer: fcToken,
              sentNames: v2Query,
            })
          : await executeOperation(op, deps, undefined, request, reply, { query, bearer: token, sentNames: v2Query });
        if (answer.status !== 200) return sendV2Error(reply, answer.status, (answer.body as { errors?: ErrorObject[] } | null)?.errors?.[0]);
        const data = (answer.body as { data: Record<string, unknown> }).data;
        return reply.type('application/json; charset=utf-8').send(JSON.stringify(applyRows(RESPONSE_TABLES[route.table]!, data)));
      } catch (error) {
        const failure: ParticulierError = toParticulierError(error);
        if (failure.status >= 500 && !(error instanceof ParticulierError)) request.log.error({ err: error }, 'particulier v2 request failed');
        return sendV2Error(reply, failure.status, failure.body, failure.headers);
      }
    });
  }
}
