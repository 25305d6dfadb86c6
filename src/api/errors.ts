/**
 * Errors are data: every route answers failures with the same JSON shape
 *   { "error": { "code": "text_too_long", "message": "...", "field": "comments[3].text" } }
 * Throw an ApiError anywhere in a handler; the error middleware in app.ts renders it.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}), ...(this.details ?? {}) } };
  }
}

export const notFound = (what: string, id: string) => new ApiError(404, 'not_found', `${what} ${JSON.stringify(id)} does not exist`);
