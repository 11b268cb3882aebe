/**
 * Adds credentials to a request. What `apply` returns is registered with the run's redactor by
 * the client (values as secrets, header and query names as credential names), and providers
 * register what they obtain on the way (an OAuth2 token).
 */
export interface AuthProvider {
  /** Headers to add (and query parameters, for API keys sent in the URL). */
  apply(): Promise<{ headers: Record<string, string>; query?: Record<string, string> }>;
  /**
   * Called after a 401 with the headers of the refused request (names
   * lower-cased); true when a retry with fresh credentials makes sense.
   */
  onUnauthorized?(rejected: Record<string, string>): Promise<boolean>;
}

/** Sends the token request of OAuth2 through the client's guarded transport. */
export type TokenFetcher = (request: {
  url: string;
  form: Record<string, string>;
}) => Promise<{ status: number; json: unknown }>;
