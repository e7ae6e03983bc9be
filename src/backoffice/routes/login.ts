import { Type } from 'typebox';
import type { BackofficeApp } from '../http/context.ts';
import { sendJson } from '../http/context.ts';
import { sessionCookie } from '../http/cookies.ts';
import { operatorRoute } from '../http/route.ts';
import { BackofficeError } from '../errors.ts';
import { normalizeEmail, verifyOperator } from '../operators/accounts.ts';
import { csrfTokenOf, openSession } from '../operators/sessions.ts';
import { MeModel } from './schemas.ts';

export function login(app: BackofficeApp) {
  operatorRoute(app, {
    method: 'POST',
    url: '/login',
    operationId: 'login',
    summary: 'Opens a session: sets the session cookie, returns the CSRF token every write must carry',
    tags: ['session'],
    role: null,
    body: Type.Object({ email: Type.String({ minLength: 1, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false }),
    ok: MeModel,
    throttled: true,
    async handler(request, reply) {
      const { db, throttle, now, settings, csrfKey, cookie } = app.backoffice;
      const { email, password } = request.body as { email: string; password: string };
      const account = normalizeEmail(email);
      const at = now().getTime();
      const wait = throttle.retryAfter(account, request.ip, at);
      if (wait > 0) throw new BackofficeError('THROTTLED', undefined, [], wait);
      const operator = await verifyOperator(db, account, password);
      if (!operator) {
        throttle.fail(account, request.ip, at);
        throw new BackofficeError('BAD_CREDENTIALS');
      }
      throttle.succeed(account);
      const session = await openSession(db, operator.id, now(), settings.sessionTtlMinutes);
      reply.header('set-cookie', sessionCookie(cookie, session.token, settings.sessionTtlMinutes * 60));
      reply.header('cache-control', 'no-store');
      return sendJson(reply, 200, { operator, csrfToken: csrfTokenOf(csrfKey, session.token), expiresAt: session.expiresAt.toISOString() });
    },
  });
}
