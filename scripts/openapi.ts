import 'reflect-metadata';
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator';
import type * as SwaggerPlugin from '@nestjs/swagger/dist/plugin';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '@app/core';
import { createApiServer } from '../src/bootstrap';
import { buildOpenApiDocument } from '../src/openapi';

/**
 * `npm run openapi`: step "metadata" writes src/metadata.ts (what the swagger CLI plugin reads
 * from the DTOs' types and comments); step "document" writes openapi.json from the built app.
 */
export const SWAGGER_PLUGIN_OPTIONS = {
  introspectComments: true,
  classValidatorShim: true,
  dtoFileNameSuffix: ['.dto.ts'],
  controllerFileNameSuffix: ['.controller.ts'],
};

export function generatePluginMetadata(root: string, outputDir: string): void {
  // Types resolve through the dist path (tsconfig uses node10 resolution); at run time only the
  // exported subpath may be required.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ReadonlyVisitor } = require('@nestjs/swagger/plugin') as typeof SwaggerPlugin;
  mkdirSync(outputDir, { recursive: true });
  new PluginMetadataGenerator().generate({
    visitors: [new ReadonlyVisitor({ ...SWAGGER_PLUGIN_OPTIONS, pathToSource: join(root, 'src') })],
    outputDir,
    filename: 'metadata.ts',
    tsconfigPath: 'tsconfig.build.json',
    printDiagnostics: false,
  });
}

export async function renderOpenApiDocument(): Promise<string> {
  const env = {
    DATABASE_URL: 'sqlite::memory:',
    RUN_JOBS: 'false',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'development',
    BOOTSTRAP_CLIENT_ID: 'openapi-generator',
    BOOTSTRAP_CLIENT_SECRET: randomBytes(24).toString('base64url'),
  };
  const app = await createApiServer(new AppConfig(env), { env });
  try {
    return `${JSON.stringify(await buildOpenApiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

async function main(step: string | undefined): Promise<void> {
  const root = process.cwd();
  if (step === 'metadata') {
    generatePluginMetadata(root, join(root, 'src'));
  } else if (step === 'document') {
    writeFileSync(join(root, 'openapi.json'), await renderOpenApiDocument());
  } else {
    throw new Error('usage: openapi metadata|document');
  }
}

if (require.main === module) {
  main(process.argv[2]).catch((error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
