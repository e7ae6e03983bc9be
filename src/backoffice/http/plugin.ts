import type { FastifyRequest } from 'fastify';
import { registerSurfaceFaults } from '../../platform/http/framework-errors.ts';
import { registerSurfaceDocument } from '../../platform/http/openapi.ts';
import { installSurfaceValidation } from '../../platform/http/validation.ts';
import { BackofficeError, backofficeErrorBody } from '../errors.ts';
import { hasRole } from '../operators/accounts.ts';
import { csrfMatches, findSession } from '../operators/sessions.ts';
import { BACKOFFICE_ROUTES } from '../routes/index.ts';
import type { BackofficeApp, BackofficeRuntime } from './context.ts';
import { readCookie } from './cookies.ts';
import { backofficeErrorForFault, backofficeErrorHandler } from './errors.ts';
import { BACKOFFICE_ERROR_SCHEMA } from './responses.ts';

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Session, CSRF and role, decided before the body is read: no session → 401; a write without the
 * session's CSRF token → 403; a role below the route's → 403.
 */
async function authenticate(runtime: BackofficeRuntime, request: FastifyRequest) {
  const role = request.routeOptions.config.role;
  if (role === null || role === undefined) return;
  const token = readCookie(request.headers.cookie, runtime.cookie.name);
  const session = token ? await findSession(runtime.db, token, runtime.now()) : null;
  if (!session || !token) throw new BackofficeError('UNAUTHENTICATED');
  if (!SAFE_METHODS.has(request.method)) {
    const given = request.headers[CSRF_HEADER];
    if (!csrfMatches(runtime.csrfKey, token, typeof given === 'string' ? given : undefined)) throw new BackofficeError('CSRF');
  }
  if (!hasRole(session.operator.role, role)) throw new BackofficeError('ROLE', `This needs the role ${role} or above; yours is ${session.operator.role}`);
  request.session = { ...session, token };
}

/** The back-office API: session auth, its own errors, 404 and OpenAPI document. */
export async function backofficePlugin(app: BackofficeApp, runtime: BackofficeRuntime, options: { publicUrl: string }) {
  app.decorate('backoffice', runtime);
  app.decorateRequest('session', null);
  installSurfaceValidation(app);
  app.setErrorHandler(backofficeErrorHandler);
  registerSurfaceFaults(app, runtime.settings.prefix, (fault) => {
    const error = backofficeErrorForFault(fault);
    return { status: error.status, body: backofficeErrorBody(error) };
  });
  app.removeContentTypeParser('text/plain');
  app.addSchema(BACKOFFICE_ERROR_SCHEMA);
  await registerSurfaceDocument(app, {
    decorator: 'backofficeOpenapi',
    info: {
      title: 'Foyer — back-office API',
      version: '1.0.0',
      description:
        'Operator API: review tenant files, decide each document, edit deny reasons, support acts. ' +
        '`POST /login` sets an HttpOnly, SameSite=Strict session cookie and returns a CSRF token; every write ' +
        `(POST, PUT, DELETE) must carry it in the \`${CSRF_HEADER}\` header (403 otherwise). Roles: OPERATOR < SUPPORT < ADMIN.`,
    },
    serverUrl: `${options.publicUrl}${runtime.settings.prefix}`,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: runtime.cookie.name, description: 'Set by `POST /login`.' },
        csrf: { type: 'apiKey', in: 'header', name: CSRF_HEADER, description: 'The `csrfToken` of the login answer (or of `GET /me`), on every write.' },
      },
    },
    security: [{ session: [], csrf: [] }],
  });
  app.addHook('onRequest', (request) => authenticate(runtime, request));
  app.setNotFoundHandler(() => {
    throw new BackofficeError('NOT_FOUND', 'No such route');
  });
  for (const route of BACKOFFICE_ROUTES) route(app);
}
