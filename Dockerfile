# syntax=docker/dockerfile:1
# Kefu: one image for the HTTP server (`npm start`, the default) and the queue worker
# (`npm run worker`) and one-shot migrations (`npm run migrate`). See docker-compose.yml.

# ---- build: install dependencies (native modules such as sqlite3 and argon2 may need a compiler) ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# Manifests first, so the dependency layer is cached until they change.
COPY package.json package-lock.json .npmrc ./
COPY shared/package.json shared/
COPY adapters/web/package.json adapters/web/
COPY server/package.json server/
# Full install: the services run TypeScript through tsx, which is a devDependency.
RUN npm ci --no-audit --no-fund
COPY . .

# ---- runtime: no compilers ----
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    KEFU_DATA_DIR=/app/data
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# tini as PID 1 forwards SIGTERM so Kefu shuts down gracefully (drains queues, closes sockets).
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["npm", "start"]
