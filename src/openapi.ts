import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_CLIENT_SECURITY } from '@app/core';
import { TWOFACTOR_TOKEN_HEADER, TWOFACTOR_TOKEN_SECURITY, USER_TOKEN_SECURITY } from '@app/twofactor';
import metadata from './metadata';

/**
 * The OpenAPI document, built from the controllers and the DTO metadata that the swagger CLI
 * plugin generated into src/metadata.ts (`npm run openapi`), so the build, the tests and the
 * committed openapi.json all describe the same API.
 */
export async function buildOpenApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  await SwaggerModule.loadPluginMetadata(metadata);
  const config = new DocumentBuilder()
    .setTitle('stepwise')
    .setDescription(
      'Strong customer authentication and transaction approval: Next Step (/next-step), Data Adapter ' +
        '(/data-adapter), transaction approval and back-office two-factor APIs, and administration (/admin).',
    )
    .setVersion('0.1.0')
    .addBasicAuth({ type: 'http', scheme: 'basic', description: 'API client id and secret' }, API_CLIENT_SECURITY)
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'opaque',
        description: 'Back-office user: the accessToken of POST /v1/authentication',
      },
      USER_TOKEN_SECURITY,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: TWOFACTOR_TOKEN_HEADER,
        description: 'Two-factor token of /v1/twofactor/validate',
      },
      TWOFACTOR_TOKEN_SECURITY,
    )
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller}_${method}`,
  });
}

export async function serveOpenApi(app: INestApplication): Promise<void> {
  const document = await buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
