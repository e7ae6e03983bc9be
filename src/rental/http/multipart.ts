import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type {} from '@fastify/multipart';
import { RentalError, invalid } from '../errors.ts';
import { MAX_FILE_BYTES } from '../documents/categories.ts';
import { sniffContentType } from '../documents/sniff.ts';
import { inspectUpload } from '../documents/upload-inspect.ts';
import { UploadPoolError, type UploadPool } from '../documents/upload-pool.ts';
import type { UploadedFile } from '../documents/save.ts';
import { findUnstorableText } from '../../platform/http/storable-text.ts';

/** Per-request limits of the upload routes (DossierFacile: 20 MB per part, 80 MB per request). */
export const UPLOAD_LIMITS = { files: 20, parts: 60, fieldSize: 16 * 1024, fileSize: MAX_FILE_BYTES, totalBytes: 80 * 1024 * 1024 } as const;

export const UNREADABLE_PDF = 'documents: the PDF file cannot be read (damaged, truncated or without pages)';

export const FILE_TOO_LARGE = 'documents: size must be less than or equal to 10 Mo';

/**
 * Reads a multipart step: text fields (the last value of a repeated field wins) and the files of the
 * parts named `documents`, each fully received before anything is stored, so that a client that
 * disconnects mid-upload leaves nothing. The type of each file is sniffed from its bytes; its pages
 * are counted and its MD5 computed on the upload pool's threads (in place without a pool).
 */
export async function readMultipart(request: FastifyRequest, pool: UploadPool | null = null): Promise<{ fields: Record<string, string>; files: UploadedFile[] }> {
  if (!request.isMultipart()) throw new RentalError('UNSUPPORTED_MEDIA_TYPE', ['send the form as multipart/form-data']);
  const fields: Record<string, string> = {};
  const raw: { bytes: Buffer; filename: string }[] = [];
  let total = 0;
  try {
    for await (const part of request.parts({ limits: { files: UPLOAD_LIMITS.files, parts: UPLOAD_LIMITS.parts, fieldSize: UPLOAD_LIMITS.fieldSize, fileSize: UPLOAD_LIMITS.fileSize } })) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      const bytes = await receiveFile(part.file);
      if (part.fieldname !== 'documents') continue;
      total += bytes.length;
      if (total > UPLOAD_LIMITS.totalBytes) throw invalid('documents: the request must not exceed 80 Mo');
      if (bytes.length > 0) raw.push({ bytes, filename: part.filename });
    }
  } catch (error) {
    // Whatever the parser refuses (no boundary, a truncated or malformed part) is an unreadable body, not a 500.
    throw error instanceof RentalError ? error : (multipartProblem(error) ?? new RentalError('UNREADABLE_BODY'));
  }
  const unstorable = findUnstorableText(fields);
  if (unstorable.length) throw invalid(...unstorable.map((u) => `${u.pointer.slice(1) || 'field'}: contains a character that cannot be stored (U+0000 or a lone UTF-16 surrogate)`));
  // Files are judged in order, the first problem answers: types first (the sniff reads 4 kB), then the
  // pages and hashes of the files before the first refused type, all at once on the pool.
  const types: (string | null)[] = [];
  for (const { bytes } of raw) types.push(await sniffContentType(bytes));
  const untyped = types.indexOf(null);
  const inspected = await Promise.allSettled(
    raw.slice(0, untyped < 0 ? raw.length : untyped).map(({ bytes }, i) => (pool ? pool.inspect(bytes, types[i]!) : Promise.resolve(inspectUpload(bytes, types[i]!)))),
  );
  const files: UploadedFile[] = [];
  for (const [i, { bytes, filename }] of raw.entries()) {
    const contentType = types[i];
    if (!contentType) throw invalid('documents: invalid file type');
    const result = inspected[i]!;
    if (result.status === 'rejected') {
      // A thread that died or overran on this PDF could not read it; a closed pool (the app stops) is no answer.
      if (result.reason instanceof UploadPoolError && result.reason.reason === 'failed' && contentType === 'application/pdf') throw invalid(UNREADABLE_PDF);
      throw result.reason;
    }
    const { pages, md5 } = result.value;
    if (pages === null) throw invalid(UNREADABLE_PDF);
    files.push({
      bytes,
      originalName: filename && !findUnstorableText(filename).length ? filename.slice(0, 255) : null,
      contentType,
      pages,
      md5,
    });
  }
  return { fields, files };
}

/**
 * A file part received whole, into shared memory: the upload pool's threads read it where it is,
 * and it is sealed from there (one copy of the chunks, as `toBuffer` makes). A part over the size
 * limit is read to its end and refused as `toBuffer` refuses it (FST_REQ_FILE_TOO_LARGE).
 */
async function receiveFile(file: Readable & { truncated?: boolean }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  let truncated = false;
  for await (const chunk of file as AsyncIterable<Buffer>) {
    if (truncated || file.truncated) {
      truncated = true;
      chunks.length = 0;
      continue;
    }
    chunks.push(chunk);
    length += chunk.length;
  }
  if (truncated) throw Object.assign(new Error('request file too large'), { code: 'FST_REQ_FILE_TOO_LARGE' });
  const bytes = Buffer.from(new SharedArrayBuffer(length));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/** `tenantId` of a multipart step: required, an integer. */
export function tenantIdField(fields: Record<string, string>): number {
  const value = fields.tenantId;
  if (value === undefined || value === '') throw invalid('tenantId: must not be null');
  if (!/^\d{1,15}$/.test(value)) throw invalid('tenantId: must be an integer');
  return Number(value);
}

/** @fastify/multipart's refusals, in the contract's words (its own statuses are 413/406). */
export function multipartProblem(error: unknown): RentalError | null {
  switch ((error as { code?: string } | null)?.code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return invalid(FILE_TOO_LARGE);
    case 'FST_FILES_LIMIT':
      return invalid(`documents: at most ${UPLOAD_LIMITS.files} files per request`);
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return invalid(`body: at most ${UPLOAD_LIMITS.parts} parts per request`);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new RentalError('UNSUPPORTED_MEDIA_TYPE', ['send the form as multipart/form-data']);
    case 'FST_PROTO_VIOLATION':
    case 'FST_NO_FORM_DATA':
      return new RentalError('UNREADABLE_BODY');
    default:
      return null;
  }
}
