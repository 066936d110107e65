import Koa from 'koa';
import { MAX_UPLOAD_BYTES } from '@kefu/shared';
import helmet from 'koa-helmet';
import { bodyParser } from './http/body-parser';
import { corsForOrigins } from './http/cors-for-origins';
import { errorHandler } from './http/error-handler';
import type { KefuState } from './http-kit/koa-state';
import { rateLimit } from './http/rate-limit';
import { clientAddress, parseProxyTrust } from './http/client-address';
import { requestContext } from './http/request-context';
import { createConsoleRouter } from './http/routes/console-routes';
import { createKnowledgeRouter } from './http/routes/console-knowledge-routes';
import { createLearningRouter } from './knowledge/learning/console-learning-routes';
import { createWebFeedbackRouter } from './knowledge/learning/web-feedback-routes';
import { createNluRouter } from './http/routes/nlu-routes';
import { createSystemRouter } from './http/routes/system-routes';
import { createWebRouter } from './http/routes/web-routes';
import { createShopperFrontEndRouters } from './http/shopper-front-ends';
import { createWebhookRouter, WEBHOOK_BODY_LIMIT_BYTES } from './http/routes/webhooks';
import { createChannelAccountRouter } from './channels/console-channel-account-routes';
import { createWebSessionConsoleRouter } from './channels/console-web-session-routes';
import type { PipelineDeps } from './pipeline/pipeline-deps';
import { createCustomerConsoleRouter } from './customers/console-customer-routes';
import { installAgentDesk } from './agents/install-agent-desk';
import { createRefundRulesRouter } from './commerce/refund-rules/refund-rules-routes';
import { createCommerceRouter } from './commerce/commerce-routes';
import { createOrderProofRouter } from './order-proof/order-proof-routes';
import { createCartRouter } from './commerce/cart-routes';
import { createAutomationRouter } from './automation/automation-routes';

/**
 * The middleware, in the order a request meets them. Validation is not a global middleware: each
 * route parses its own input with its zod schema (http-kit/validate.ts), the same schemas that
 * generate /openapi.json, so what is documented is what is enforced.
 */
export function createApp(deps: PipelineDeps): Koa<KefuState> {
  const { runtime } = deps;
  const { config } = runtime;
  const proxyTrust = parseProxyTrust(config.TRUSTED_PROXIES);
  // X-Forwarded-Proto/Host are believed only behind a configured proxy; the client's address is set by clientAddress.
  const app = new Koa<KefuState>({ proxy: proxyTrust.kind !== 'none' });

  app.use(clientAddress(proxyTrust));
  app.use(requestContext(runtime.logger));
  app.use(errorHandler());
  app.use(runtime.metrics.middleware());
  app.use(helmet() as unknown as Koa.Middleware<KefuState>);
  app.use(corsForOrigins(config.CORS_ORIGINS));
  app.use(bodyParser(config.BODY_LIMIT_BYTES, [
    { pathPrefix: '/api/console/knowledge/imports', bytes: config.IMPORT_BODY_LIMIT_BYTES },
    { pathPrefix: '/webhooks/', bytes: Math.min(config.BODY_LIMIT_BYTES, WEBHOOK_BODY_LIMIT_BYTES) },
    { pathPrefix: '/api/web/uploads', bytes: MAX_UPLOAD_BYTES },
  ]));
  app.use(rateLimit({ pointsPerMinute: config.RATE_LIMIT_PER_MINUTE, redis: runtime.redis, keyPrefix: config.REDIS_PREFIX }));

  const routers = [createSystemRouter(runtime, deps.nlu), createWebRouter(deps), createConsoleRouter(runtime), createKnowledgeRouter(runtime)];
  if (deps.nlu) routers.push(createNluRouter(runtime, deps.nlu));
  routers.push(createRefundRulesRouter(runtime), createAutomationRouter(runtime));
  routers.push(createCommerceRouter(runtime), createCartRouter(runtime), createOrderProofRouter(runtime));
  routers.push(createLearningRouter(runtime), createWebFeedbackRouter(runtime));
  routers.push(createChannelAccountRouter(runtime), createWebSessionConsoleRouter(runtime));
  routers.push(createCustomerConsoleRouter(runtime));
  routers.push(...createShopperFrontEndRouters(deps));
  if (deps.channels) routers.push(createWebhookRouter(deps, deps.channels));
  routers.push(installAgentDesk(deps));
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
