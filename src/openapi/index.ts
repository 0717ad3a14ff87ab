import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_CLIENT_SECURITY } from '@app/core';
import { TWOFACTOR_TOKEN_HEADER, TWOFACTOR_TOKEN_SECURITY, USER_TOKEN_SECURITY } from '@app/twofactor';
import metadata from '../metadata';
import { documentSuccessResponses, refineDocument } from './refine';

/**
 * The OpenAPI document, built from the controllers and the DTO metadata that the swagger CLI
 * plugin generated into src/metadata.ts (`npm run openapi`), so the build, the tests and the
 * committed openapi.json all describe the same API.
 */
export async function buildOpenApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  await SwaggerModule.loadPluginMetadata(metadata);
  documentSuccessResponses(app);
  const config = new DocumentBuilder()
    .setTitle('stepwise')
    .setDescription(
      'Strong customer authentication server: the Next Step server API (/next-step), the Web Flow Data ' +
        'Adapter API (/data-adapter), transaction approval (/auth-transaction-approval/rest/transaction-approval) ' +
        'with its device API (/device/v1), the back-office two-factor API (/v1), administration (/admin), ' +
        "health and metrics. API clients call with HTTP Basic and need the route's scope; devices and " +
        'back-office users call with their bearer tokens.',
    )
    .setVersion('0.1.0')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer('/', 'this server')
    .addBasicAuth({ type: 'http', scheme: 'basic', description: 'API client id and secret' }, API_CLIENT_SECURITY)
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'Device token (device API /device/v1)' },
      'deviceToken',
    )
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
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller}_${method}`,
  });
  return refineDocument(document);
}

export async function serveOpenApi(app: INestApplication): Promise<void> {
  const document = await buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
