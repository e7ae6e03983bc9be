/** Messages between the event loop and the embedded database's thread (`pglite-thread.ts`). */
export interface PGliteThreadData {
  dir: string | undefined;
  startParams: string[];
  /** In memory only: the tarball the database starts from instead of initdb. */
  template?: string;
}

export type PGliteRequest = { kind: 'query'; id: number; sql: string; parameters: readonly unknown[] } | { kind: 'close'; id: number };

/** id 0 answers the start: `ready`, or the error that prevented it. */
export type PGliteReply =
  | { id: number; ready: true }
  | { id: number; rows: unknown[]; affected: bigint }
  | { id: number; error: Record<string, unknown> };
