import type { DocumentErrorCode } from './errors.ts';
import type { ProcessDocumentInput, ProcessDocumentOutput } from './process.ts';

export interface JobRequest {
  id: number;
  input: ProcessDocumentInput;
}

export type JobReply =
  | { id: number; ok: true; output: ProcessDocumentOutput }
  | { id: number; ok: false; code: DocumentErrorCode; detail?: string };
