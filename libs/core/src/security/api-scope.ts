/** What an API client may call; each route names the one scope it needs. */
export const API_SCOPES = [
  'next-step',
  'data-adapter',
  'transaction-approval',
  'two-factor',
  'admin',
  /** Read /metrics (a Prometheus scraper's client needs nothing else). */
  'metrics',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** The authenticated caller of a request (set by the passport strategy). */
export interface ApiPrincipal {
  clientId: string;
  scopes: ApiScope[];
}
