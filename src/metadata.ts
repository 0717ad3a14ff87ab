/* eslint-disable */
export default async () => {
  const t = {
    ['../libs/core/src/http/admin/api-client.dto']: await import('../libs/core/src/http/admin/api-client.dto'),
  };
  return {
    '@nestjs/swagger': {
      models: [
        [
          import('../libs/core/src/http/admin/api-client.dto'),
          {
            CreateApiClientRequest: {
              clientId: {
                required: false,
                type: () => String,
                description: 'Generated when omitted.',
                pattern: '^[A-Za-z0-9._-]{3,64}$',
              },
              scopes: {
                required: true,
                type: () => [Object],
                enum: ['next-step', 'data-adapter', 'transaction-approval', 'two-factor', 'admin'],
                isArray: true,
                minItems: 1,
              },
              description: { required: false, type: () => String, maxLength: 255 },
            },
            UpdateApiClientScopesRequest: {
              scopes: {
                required: true,
                type: () => [Object],
                enum: ['next-step', 'data-adapter', 'transaction-approval', 'two-factor', 'admin'],
                isArray: true,
                minItems: 1,
              },
            },
            ApiClientView: {
              clientId: { required: true, type: () => String },
              scopes: {
                required: true,
                type: () => [Object],
                enum: ['next-step', 'data-adapter', 'transaction-approval', 'two-factor', 'admin'],
                isArray: true,
              },
              description: { required: true, type: () => String },
              enabled: { required: true, type: () => Boolean },
              createdAt: { required: true, type: () => String },
              updatedAt: { required: true, type: () => String },
            },
            IssuedApiClientView: { clientSecret: { required: true, type: () => String } },
          },
        ],
      ],
      controllers: [
        [
          import('../libs/core/src/health/health.controller'),
          {
            HealthController: {
              check: { summary: 'Answers 200 when the database is reachable, 503 otherwise.', type: Object },
            },
          },
        ],
        [
          import('../libs/core/src/http/admin/api-clients.controller'),
          {
            ApiClientsController: {
              create: {
                summary: 'Creates an API client; the secret is in this answer only.',
                type: t['../libs/core/src/http/admin/api-client.dto'].IssuedApiClientView,
              },
              list: {},
              get: { type: t['../libs/core/src/http/admin/api-client.dto'].ApiClientView },
              rotate: {
                summary: 'Issues a new secret; the old one stops working at once.',
                type: t['../libs/core/src/http/admin/api-client.dto'].IssuedApiClientView,
              },
              disable: { type: t['../libs/core/src/http/admin/api-client.dto'].ApiClientView },
              enable: { type: t['../libs/core/src/http/admin/api-client.dto'].ApiClientView },
              setScopes: { type: t['../libs/core/src/http/admin/api-client.dto'].ApiClientView },
            },
          },
        ],
      ],
    },
  };
};
