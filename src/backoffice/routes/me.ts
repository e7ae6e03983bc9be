import type { BackofficeApp } from '../http/context.ts';
import { sendJson, sessionOf } from '../http/context.ts';
import { operatorRoute } from '../http/route.ts';
import { csrfTokenOf } from '../operators/sessions.ts';
import { MeModel } from './schemas.ts';

export function me(app: BackofficeApp) {
  operatorRoute(app, {
    method: 'GET',
    url: '/me',
    operationId: 'me',
    summary: 'The logged-in operator, and the CSRF token of the session (a reloaded page gets it here)',
    tags: ['session'],
    role: 'OPERATOR',
    ok: MeModel,
    async handler(request, reply) {
      const session = sessionOf(request);
      reply.header('cache-control', 'no-store');
      return sendJson(reply, 200, { operator: session.operator, csrfToken: csrfTokenOf(app.backoffice.csrfKey, session.token), expiresAt: session.expiresAt.toISOString() });
    },
  });
}
