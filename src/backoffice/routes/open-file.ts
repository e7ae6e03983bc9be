import { Type } from 'typebox';
import type { OperatorDocument } from '../../rental/index.ts';
import type { BackofficeApp } from '../http/context.ts';
import { sendJson } from '../http/context.ts';
import { operatorRoute } from '../http/route.ts';
import { Id, OperatorFileModel } from './schemas.ts';

export function openFile(app: BackofficeApp) {
  operatorRoute(app, {
    method: 'GET',
    url: '/files/:tenantId',
    operationId: 'openFile',
    summary: 'A tenant file: the tenant, its co-tenants, every document with its files and the links to read them, processing failures, guarantors and messages',
    tags: ['files'],
    role: 'OPERATOR',
    params: Type.Object({ tenantId: Id }),
    ok: OperatorFileModel,
    async handler(request, reply) {
      const { tenantId } = request.params as { tenantId: number };
      const file = await app.backoffice.desk.openFile(tenantId);
      const base = app.backoffice.settings.prefix;
      const withLinks = (d: OperatorDocument) => ({
        ...d,
        pdfUrl: d.rendered ? `${base}/files/${tenantId}/documents/${d.id}/pdf` : null,
        files: d.files.map((f) => ({ ...f, originalUrl: `${base}/files/${tenantId}/originals/${f.id}` })),
      });
      reply.header('cache-control', 'no-store');
      return sendJson(reply, 200, { ...file, documents: file.documents.map(withLinks), guarantors: file.guarantors.map((g) => ({ ...g, documents: g.documents.map(withLinks) })) });
    },
  });
}
