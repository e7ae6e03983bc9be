import type { JpegPage } from './assemble-pdf.ts';
import type { DocumentErrorCode } from './errors.ts';
import type { ProcessDocumentInput, ProcessDocumentOutput } from './process.ts';
import type { TextPagesInput, TextPagesOutput } from './text-pages.ts';

/** What a pool thread can be asked to do, and what each task answers. */
export type Task =
  | { kind: 'process'; input: ProcessDocumentInput }
  /** The pages of a watermarked PDF as JPEGs (full-file PDF, §10.3). */
  | { kind: 'pdf-pages'; pdf: Uint8Array }
  /** Text laid out on A4 pages (full-file PDF's cover, summary and headings). */
  | { kind: 'text-pages'; input: TextPagesInput };

export interface TaskOutputs {
  process: ProcessDocumentOutput;
  'pdf-pages': { pages: JpegPage[] };
  'text-pages': TextPagesOutput;
}

export type TaskOutput = TaskOutputs[keyof TaskOutputs];

export interface JobRequest {
  id: number;
  task: Task;
}

export type JobReply =
  | { id: number; ok: true; output: TaskOutput }
  | { id: number; ok: false; code: DocumentErrorCode; detail?: string };
