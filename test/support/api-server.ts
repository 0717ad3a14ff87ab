import { TestApp, TestAppOptions, startTestApp } from '@app/testing';
import { createApiServer } from '../../src/bootstrap';

/** The API server as deployed, on the suite's own database. */
export function startApiServer(options?: TestAppOptions): Promise<TestApp> {
  return startTestApp(createApiServer, options);
}
