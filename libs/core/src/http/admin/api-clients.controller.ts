import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../../security/access.decorators';
import { ApiClientsService, IssuedClient } from '../../security/api-clients.service';
import { Page, PageOf, PageQuery } from '../paging';
import {
  ApiClientView,
  CreateApiClientRequest,
  IssuedApiClientView,
  UpdateApiClientScopesRequest,
} from './api-client.dto';

const issued = ({ client, clientSecret }: IssuedClient): IssuedApiClientView => ({
  ...ApiClientView.of(client),
  clientSecret,
});

@ApiTags('admin')
@Controller('admin/clients')
@RequireScope('admin')
export class ApiClientsController {
  constructor(private readonly clients: ApiClientsService) {}

  /** Creates an API client; the secret is in this answer only. */
  @Post()
  @ApiConflictResponse({ description: 'An API client with this clientId exists (CLIENT_ALREADY_EXISTS).' })
  create(@Body() body: CreateApiClientRequest): Promise<IssuedApiClientView> {
    return this.clients.create(body).then(issued);
  }

  /** Pages through the API clients (never their secrets). */
  @Get()
  @ApiOkResponse({ type: PageOf(ApiClientView) })
  async list(@Query() query: PageQuery): Promise<Page<ApiClientView>> {
    const { items, total } = await this.clients.list(query.page, query.size);
    return { items: items.map(ApiClientView.of), page: query.page, size: query.size, total };
  }

  /** One API client: scopes, description, whether it is enabled. */
  @Get(':clientId')
  get(@Param('clientId') clientId: string): Promise<ApiClientView> {
    return this.clients.get(clientId).then(ApiClientView.of);
  }

  /** Issues a new secret; the old one stops working at once. */
  @Post(':clientId/rotate')
  @HttpCode(200)
  rotate(@Param('clientId') clientId: string): Promise<IssuedApiClientView> {
    return this.clients.rotateSecret(clientId).then(issued);
  }

  /** Disables a client: its credentials answer 401 until enabled again. */
  @Post(':clientId/disable')
  @HttpCode(200)
  disable(@Param('clientId') clientId: string): Promise<ApiClientView> {
    return this.clients.setEnabled(clientId, false).then(ApiClientView.of);
  }

  /** Enables a disabled client again (same secret). */
  @Post(':clientId/enable')
  @HttpCode(200)
  enable(@Param('clientId') clientId: string): Promise<ApiClientView> {
    return this.clients.setEnabled(clientId, true).then(ApiClientView.of);
  }

  /** Replaces the scopes of a client. */
  @Put(':clientId/scopes')
  setScopes(@Param('clientId') clientId: string, @Body() body: UpdateApiClientScopesRequest): Promise<ApiClientView> {
    return this.clients.setScopes(clientId, body.scopes).then(ApiClientView.of);
  }
}
