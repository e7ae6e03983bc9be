import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OperatorDesk } from '../../rental/index.ts';
import type { BackofficeDb } from '../db.ts';
import { BackofficeError } from '../errors.ts';
import type { BackofficeSettings } from '../module/settings.ts';
import type { Session } from '../operators/sessions.ts';
import type { LoginThrottle } from '../operators/throttle.ts';

/** What the back-office routes work with, built once per app. */
export interface BackofficeRuntime {
  db: BackofficeDb;
  desk: OperatorDesk;
  settings: BackofficeSettings;
  /** Key of the CSRF tokens (derived from the master key: stable across restarts, secret). */
  csrfKey: Buffer;
  throttle: LoginThrottle;
  now: () => Date;
  cookie: { name: string; path: string; secure: boolean };
}

declare module 'fastify' {
  interface FastifyInstance {
    backoffice: BackofficeRuntime;
  }
  interface FastifyRequest {
    session: (Session & { token: string }) | null;
  }
}

export type BackofficeApp = FastifyInstance;

export function sessionOf(request: FastifyRequest): Session & { token: string } {
  if (!request.session) throw new BackofficeError('UNAUTHENTICATED');
  return request.session;
}

/** JSON as built (the response schemas document it; the compiled serializer would reorder optional keys). */
export function sendJson(reply: FastifyReply, status: number, body: unknown) {
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}
