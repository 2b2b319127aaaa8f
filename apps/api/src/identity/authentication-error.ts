/** Why a request's credentials were refused; sent as `extensions.reason` next to `code: UNAUTHENTICATED`. */
export type AuthenticationFailure =
  | 'TOKEN_MALFORMED'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_ISSUER_UNKNOWN'
  | 'TOKEN_AUDIENCE_INVALID'
  | 'TOKEN_SIGNATURE_INVALID'
  | 'TOKEN_INVALID'
  | 'TOKEN_CLAIMS_INVALID'
  | 'TOKEN_TYPE_INVALID'
  | 'FISCAL_NUMBER_MISSING'
  | 'ISSUER_UNAVAILABLE'
  | 'API_KEY_INVALID'
  | 'API_KEY_EXPIRED'
  | 'AUTHORIZATION_SCHEME_UNSUPPORTED';

/** Credentials were presented and refused: the request stops with 401 before any resolver runs. */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';

  constructor(
    readonly code: AuthenticationFailure,
    message: string,
    /** 503 when the issuer's keys could not be fetched: the caller is not at fault. */
    readonly status: 401 | 503 = 401,
  ) {
    super(message);
  }
}
