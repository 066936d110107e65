import { createServer, type Server } from 'node:http';
import Koa from 'koa';
import type Router from '@koa/router';
import { bodyParser } from '../../src/http/body-parser';
import { errorHandler } from '../../src/http/error-handler';
import type { KefuState } from '../../src/http-kit/koa-state';
import { requestContext } from '../../src/http/request-context';
import type { Logger } from '../../src/logger';

/** One router behind the app's own first middleware (request id, errors, body), as an unstarted server for supertest. */
export function serveRouter(router: Router<KefuState>, logger: Logger, bodyLimitBytes: number, before: Koa.Middleware<KefuState>[] = []): Server {
  const app = new Koa<KefuState>();
  for (const middleware of before) app.use(middleware);
  app.use(requestContext(logger));
  app.use(errorHandler());
  app.use(bodyParser(bodyLimitBytes));
  app.use(router.routes());
  app.use(router.allowedMethods());
  const handle = app.callback();
  // Koa's callback handles its own errors; its promise only says when the response is done.
  return createServer((req, res) => void handle(req, res));
}
