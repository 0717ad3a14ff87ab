import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { BasicStrategy } from 'passport-http';
import { AuthenticationRequiredError } from '../errors/domain-error';
import { ApiClientsService } from './api-clients.service';
import { ApiPrincipal } from './api-scope';

export const API_CLIENT_STRATEGY = 'api-client';

/** HTTP Basic with an API client's id and secret (stateless, no session). */
@Injectable()
export class ApiClientStrategy extends PassportStrategy(BasicStrategy, API_CLIENT_STRATEGY) {
  constructor(private readonly clients: ApiClientsService) {
    super();
  }

  async validate(clientId: string, secret: string): Promise<ApiPrincipal> {
    const principal = await this.clients.authenticate(clientId, secret);
    if (!principal) throw new AuthenticationRequiredError();
    return principal;
  }
}
