import { TestApp, TestAppOptions, startTestApp } from '@app/testing';
import { createApiServer } from '../../src/bootstrap';
import { buildOpenApiDocument } from '../../src/openapi';
import { conformanceProblems } from './openapi-conformance';

/**
 * The API server as deployed, on the suite's own database. Closing it checks every answer the
 * suite received against the OpenAPI document (statuses documented, bodies of the documented
 * shape, accepted requests of the documented shape), so the document cannot drift from what the
 * server does: an undocumented answer fails the suite that provoked it.
 */
export async function startApiServer(options?: TestAppOptions): Promise<TestApp> {
  const t = await startTestApp(createApiServer, options);
  const close = t.close.bind(t);
  t.close = async () => {
    const problems = conformanceProblems(await buildOpenApiDocument(t.app), t.answers.answers);
    await close();
    if (problems.length > 0) {
      throw new Error(`Answers that the OpenAPI document does not describe:\n  ${problems.slice(0, 40).join('\n  ')}`);
    }
  };
  return t;
}
