// Toxiproxy's API errors: one class, the sentinels it answers with, and its response body
// ({"error": message, "status": code} as text/plain with a trailing newline, like Go's http.Error).

export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }

  /** `wrapper: cause`, the shape of Toxiproxy's joinError. */
  static join(cause: string, wrapper: ApiError): ApiError {
    return new ApiError(`${wrapper.message}: ${cause}`, wrapper.status);
  }

  body(): string {
    return JSON.stringify({ error: this.message, status: this.status }) + '\n';
  }
}

export const ERR = {
  badRequestBody: new ApiError('bad request body', 400),
  missingField: new ApiError('missing required field', 400),
  proxyNotFound: new ApiError('proxy not found', 404),
  proxyAlreadyExists: new ApiError('proxy already exists', 409),
  invalidStream: new ApiError('stream was invalid, can be either upstream or downstream', 400),
  invalidToxicType: new ApiError('invalid toxic type', 400),
  toxicAlreadyExists: new ApiError('toxic already exists', 409),
  toxicNotFound: new ApiError('toxic not found', 404),
} as const;

/** Any other failure (a listen error) is a 500 with its message, as Toxiproxy does. */
export function toApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError((e as Error).message ?? String(e), 500);
}
