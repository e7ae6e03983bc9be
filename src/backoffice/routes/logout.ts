import { Type } from 'typebox';
import type { BackofficeApp } from '../http/context.ts';
import { sessionOf } from '../http/context.ts';
import { sessionCookie } from '../http/cookies.ts';
import { operatorRoute } from '../http/route.ts';
import { closeSession } from '../operators/sessions.ts';

export function logout(app: BackofficeApp) {
  operatorRoute(app, {
    method: 'POST',
    url: '/logout',
    operationId: 'logout',
    summary: 'Closes the session (server side) and clears the cookie',
    tags: ['session'],
    role: 'OPERATOR',
    ok: Type.Null({ description: 'No content' }),
    okStatus: 204,
    async handler(request, reply) {
      await closeSession(app.backoffice.db, sessionOf(request).tokenHash);
      return reply.code(204).header('set-cookie', sessionCookie(app.backoffice.cookie, '', 0)).send();
    },
  });
}
