import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { IncomingMessage } from 'node:http';
import { Strategy } from 'passport';
import { AuthenticationRequiredError } from '../errors/domain-error';
import { ApiClientsService } from './api-clients.service';
import { ApiPrincipal } from './api-scope';
import { parseBasicAuthorization } from './basic-credentials';

export const API_CLIENT_STRATEGY = 'api-client';

/** Passport strategy reading RFC 7617 Basic credentials (basic-credentials.ts). */
type Verify = (userId: string, password: string, done: (error: unknown, principal?: unknown) => void) => void;

class RfcBasicStrategy extends Strategy {
  constructor(private readonly verify: Verify) {
    super();
  }

  override authenticate(request: IncomingMessage): void {
    const credentials = parseBasicAuthorization(request.headers.authorization);
    if (!credentials) return this.fail('Basic realm="stepwise"', 401);
    this.verify(credentials.userId, credentials.password, (error, principal) => {
      if (error) return this.error(error as Error);
      if (!principal) return this.fail('Basic realm="stepwise"', 401);
      this.success(principal);
    });
  }
}

/** HTTP Basic with an API client's id and secret (stateless, no session). */
@Injectable()
export class ApiClientStrategy extends PassportStrategy(RfcBasicStrategy, API_CLIENT_STRATEGY) {
  constructor(private readonly clients: ApiClientsService) {
    super();
  }

  async validate(clientId: string, secret: string): Promise<ApiPrincipal> {
    const principal = await this.clients.authenticate(clientId, secret);
    if (!principal) throw new AuthenticationRequiredError();
    return principal;
  }
}
