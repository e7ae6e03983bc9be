/**
 * Refusals of the operator desk (the back-office's view of rental files). The back-office maps each
 * code to its own error catalogue; the desk knows nothing of HTTP.
 */
export type OperatorDeskErrorCode =
  /** Unknown tenant, document, file or deny reason. */
  | 'NOT_FOUND'
  /** The input breaks a rule of the domain (the message names the field). */
  | 'INVALID'
  /** The tenant is not TO_PROCESS: only such a file is decided (§7.2 operator flow). */
  | 'NOT_TO_PROCESS'
  /** The file changed since the operator opened it (another decision, an upload): reopen it. */
  | 'STALE_VERSION'
  /** The act does not fit the state of the files (dissociating a main tenant, merging a file into itself, a duplicate code). */
  | 'CONFLICT';

export class OperatorDeskError extends Error {
  constructor(
    readonly code: OperatorDeskErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OperatorDeskError';
  }
}
