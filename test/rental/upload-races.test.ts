import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBlobStore } from '../../src/platform/storage/index.ts';
import type { TestApp } from '../support/app.ts';
import { multipartBody, pdf, twoPartners, type PartnerClient } from './helpers.ts';

/** A one-page PDF of about `bytes` bytes (a comment pads it). */
const paddedPdf = (bytes: number) => Buffer.concat([pdf(1), Buffer.from(`%${'x'.repeat(bytes)}\n`, 'latin1')]);

describe('uploads under concurrency and disconnection (§4 limits, upload then commit)', () => {
  let app: TestApp;
  let alpha: PartnerClient;
  beforeAll(async () => {
    ({ app, alpha } = await twoPartners());
  });
  afterAll(() => app.destroy());

  const stored = async (tenantId: number, category: string) =>
    (
      await sql<{ documents: number; files: number; bytes: number | null; pages: number | null }>`
        select count(distinct d.id)::int as documents, count(f.id)::int as files, sum(f.size)::int as bytes, sum(f.number_of_pages)::int as pages
        from rental.documents d left join rental.files f on f.document_id = d.id
        where d.tenant_id = ${tenantId} and d.document_category = ${category}`.execute(app.db.kysely)
    ).rows[0]!;

  it('parallel uploads to one document never pass the file and page limits together: exactly 5 of 8 succeed', async () => {
    const tenantId = await alpha.newTenant('race-files');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => alpha.upload('/register/documentIdentification', { tenantId, typeDocumentIdentification: 'FRENCH_IDENTITY_CARD' }, [pdf(1)])),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    for (const refused of results.filter((r) => r.status !== 200)) {
      expect(refused).toEqual({ status: 400, body: { errors: ['documents: number of document must be less than 5', 'documents: number of pages must be less than or equal to 5'] } });
    }
    expect(await stored(tenantId, 'IDENTIFICATION')).toEqual({ documents: 1, files: 5, bytes: 5 * pdf(1).length, pages: 5 });
  });

  it('parallel uploads never pass the 50 Mo total: of six 9.5 Mo files, five are stored, the sixth refused', async () => {
    const tenantId = await alpha.newTenant('race-bytes');
    const big = paddedPdf(9_500_000);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => alpha.upload('/register/documentProfessional', { tenantId, typeDocumentProfessional: 'CDI' }, [big])),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 400]);
    expect(results.find((r) => r.status === 400)!.body).toEqual({ errors: ['documents: the total size of the files must be less than or equal to 50 Mo'] });
    expect(await stored(tenantId, 'PROFESSIONAL')).toEqual({ documents: 1, files: 5, bytes: 5 * big.length, pages: 5 });
    // The refused upload's blob went with its transaction: the blobs in the store are the five stored.
    const keys: string[] = [];
    for await (const blob of openBlobStore(app.config).list(`rental/tenant_${tenantId}/PROFESSIONAL`)) if (blob.key.startsWith(`rental/tenant_${tenantId}/PROFESSIONAL/`)) keys.push(blob.key);
    expect(keys).toHaveLength(5);
  });

  it('a client that disconnects mid-upload leaves no document, file or blob, and the server keeps serving', async () => {
    const tenantId = await alpha.newTenant('disconnect');
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.http.server.address() as AddressInfo;
    const { payload, contentType } = multipartBody([
      { name: 'tenantId', value: String(tenantId) },
      { name: 'typeDocumentIdentification', value: 'FRENCH_PASSPORT' },
      { name: 'documents', file: { bytes: pdf(1), filename: 'a.pdf', contentType: 'application/pdf' } },
      { name: 'documents', file: { bytes: paddedPdf(2_000_000), filename: 'b.pdf', contentType: 'application/pdf' } },
    ]);
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /api-partner/register/documentIdentification HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${alpha.token}\r\n` +
        `Content-Type: ${contentType}\r\nContent-Length: ${payload.length}\r\n\r\n`,
    );
    // Everything but the second half of the second file, then the connection goes.
    await new Promise<void>((resolve) => socket.write(payload.subarray(0, Math.floor(payload.length / 2)), () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(await stored(tenantId, 'IDENTIFICATION')).toEqual({ documents: 0, files: 0, bytes: null, pages: null });
    const left: string[] = [];
    for await (const blob of openBlobStore(app.config).list(`rental/tenant_${tenantId}`)) if (blob.key.startsWith(`rental/tenant_${tenantId}/`)) left.push(blob.key);
    expect(left).toEqual([]);
    const next = await fetch(`http://127.0.0.1:${port}/api-partner/tenant/${tenantId}/profile`, { headers: { authorization: `Bearer ${alpha.token}` } });
    expect(next.status).toBe(200);
    expect((await next.json()).documents).toEqual([]);
    expect((await alpha.upload('/register/documentIdentification', { tenantId, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf(1)])).status).toBe(200);
  });
});
