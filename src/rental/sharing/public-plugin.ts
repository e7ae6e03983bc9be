import type { FastifyInstance } from 'fastify';
import { registerSurfaceFaults, type FrameworkFault } from '../../platform/http/framework-errors.ts';
import { registerSurfaceDocument } from '../../platform/http/openapi.ts';
import type { RentalRuntime } from '../module/runtime.ts';
import { ShareError, ShareErrorSchema, type ShareErrorCode } from './public-errors.ts';
import { PerIpLimiter } from './rate-limit.ts';
import { getFullPdfRoute } from './routes/get-full-pdf.ts';
import { getSharedDocumentPdfRoute } from './routes/get-shared-document-pdf.ts';
import { getSharedFilePreviewRoute } from './routes/get-shared-file-preview.ts';
import { getSharedFileRoute } from './routes/get-shared-file.ts';
import { postFullPdfRoute } from './routes/post-full-pdf.ts';

const SHARE_FAULTS: Partial<Record<FrameworkFault['kind'], ShareErrorCode>> = {
  'param-too-long': 'NOT_FOUND',
  'bad-url': 'NOT_FOUND',
  'request-timeout': 'REQUEST_TIMEOUT',
  'headers-too-large': 'HEADERS_TOO_LARGE',
};

export const PUBLIC_ROUTES = [getSharedFileRoute, getSharedDocumentPdfRoute, getSharedFilePreviewRoute, postFullPdfRoute, getFullPdfRoute];

/**
 * The landlord's side of share links, without any account (§1.3, §10.3): `GET /partage/{token}`, the
 * documents and thumbnails of a full link served through its token, and the full-file PDF. Every
 * route is rate-limited per address; an unknown, expired or revoked token is the same 404.
 */
export async function sharePublicPlugin(app: FastifyInstance, runtime: RentalRuntime, prefix: string, publicUrl: string) {
  const toShareError = (error: unknown) =>
    error instanceof ShareError ? error : typeof (error as { statusCode?: number }).statusCode === 'number' && (error as { statusCode: number }).statusCode < 500 ? new ShareError('BAD_REQUEST') : null;
  registerSurfaceFaults(app, prefix, (fault) => {
    const error = new ShareError(SHARE_FAULTS[fault.kind] ?? 'BAD_REQUEST');
    return { status: error.status, body: error.body };
  });
  app.setErrorHandler((error, request, reply) => {
    const known = toShareError(error);
    if (!known) request.log.error({ err: error }, 'share link request failed');
    const shareError = known ?? new ShareError('INTERNAL');
    return reply.code(shareError.status).header('cache-control', 'no-store').send(shareError.body);
  });
  app.addSchema(ShareErrorSchema);
  await registerSurfaceDocument(app, {
    decorator: 'rentalShareOpenapi',
    info: {
      title: 'Foyer — liens de partage (vue propriétaire)',
      version: '1.0.0',
      description:
        'Routes publiques, sans compte : ce qu\'un propriétaire peut voir d\'un dossier locataire partagé par un lien. ' +
        'Le lien léger montre les noms, statuts et la synthèse ; le lien complet ajoute les pièces filigranées, leurs vignettes ' +
        'et le PDF du dossier complet (§10.3). Jamais les originaux. Limité par adresse IP (429 + `Retry-After`).',
    },
    serverUrl: `${publicUrl}${prefix}`,
  });
  const limiter = new PerIpLimiter(runtime.settings.shareRatePerIpMinute);
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      const retryAfter = limiter.hit(request.ip);
      if (retryAfter !== null) {
        const error = new ShareError('TOO_MANY_REQUESTS');
        return reply.code(error.status).header('retry-after', String(retryAfter)).header('cache-control', 'no-store').send(error.body);
      }
    });
    scope.addHook('onSend', async (_request, reply) => {
      // A landlord's view is personal data: never cached by a shared cache, never sent as a referrer.
      reply.header('cache-control', 'no-store');
      reply.header('referrer-policy', 'no-referrer');
    });
    scope.setNotFoundHandler((_request, reply) => reply.code(404).send(new ShareError('NOT_FOUND').body));
    for (const route of PUBLIC_ROUTES) route(scope, runtime);
    // The token is in the path, and Fastify's request lines log the URL: these routes log warnings
    // and errors only (which carry the request id, not the URL).
  }, { logLevel: 'warn' });
}
