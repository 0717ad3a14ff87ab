import { performance } from 'node:perf_hooks';
import type { ApiPrincipal } from './api-scope';

/**
 * How long a successful API-client authentication is reused without reading the client row:
 * a client disabled, rotated or re-scoped through another replica stops working (or gets its
 * new scopes) there within this bound; on the replica that made the change at once.
 */
export const API_CLIENT_CACHE_MS = 1000;
const MAX_ENTRIES = 10_000;

/**
 * Recent successful authentications, keyed by a keyed hash of the exact credentials (client id
 * AND secret). Only a caller presenting the right secret can hit an entry; wrong secrets and
 * unknown ids always take the database path, so the answer time still does not tell whether an
 * id exists. Failures are never remembered. Bounded in size (oldest entries go first).
 */
export class AuthenticatedClients {
  private readonly entries = new Map<string, { principal: ApiPrincipal; until: number }>();
  private readonly checking = new Map<string, Promise<ApiPrincipal | null>>();
  /** Bumped by clear(): a check that began before a change never remembers its outcome. */
  private generation = 0;

  get(credentialsHash: string): ApiPrincipal | undefined {
    const entry = this.entries.get(credentialsHash);
    if (!entry) return undefined;
    if (performance.now() >= entry.until) {
      this.entries.delete(credentialsHash);
      return undefined;
    }
    return entry.principal;
  }

  remember(credentialsHash: string, principal: ApiPrincipal): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(credentialsHash, { principal, until: performance.now() + API_CLIENT_CACHE_MS });
  }

  /**
   * Runs `check` for these credentials unless one is under way, whose outcome is then shared
   * (only callers with the very same credentials share it). `remember` keeps a success, unless
   * the clients changed on this replica meanwhile.
   */
  once(
    credentialsHash: string,
    check: (remember: (principal: ApiPrincipal) => void) => Promise<ApiPrincipal | null>,
  ): Promise<ApiPrincipal | null> {
    const running = this.checking.get(credentialsHash);
    if (running) return running;
    const generation = this.generation;
    const remember = (principal: ApiPrincipal) => {
      if (generation === this.generation) this.remember(credentialsHash, principal);
    };
    const result = check(remember).finally(() => {
      if (this.checking.get(credentialsHash) === result) this.checking.delete(credentialsHash);
    });
    this.checking.set(credentialsHash, result);
    return result;
  }

  /** After any change to a client on this replica: the next request reads the rows again. */
  clear(): void {
    this.generation++;
    this.entries.clear();
    this.checking.clear();
  }
}
