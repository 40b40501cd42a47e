/** Codes a service may refuse with; the router maps them one to one onto tRPC error codes. */
export type StationErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'TOO_MANY_REQUESTS';

/** A refusal whose message is written for the person in front of the screen. */
export class StationError extends Error {
  constructor(
    readonly code: StationErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'StationError';
  }
}
