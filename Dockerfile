# syntax=docker/dockerfile:1
#
# SafeLoop image: one image, several roles, chosen by the command:
#   docker run safeloop api      API + web UI on $PORT (default; has a healthcheck)
#   docker run safeloop worker   Temporal worker (scale horizontally)
#   docker run safeloop migrate  run pending DB migrations, then exit
#   docker run safeloop seed     seed the demo organisation, then exit
# See docker-compose.yml for a complete deployment.

ARG NODE_IMAGE=node:20-bookworm-slim

# Shared npm settings. npm 10 (bundled with Node 20) ignores package.json "allowScripts" and runs
# every install script; none needs a compiler, and Scarf's telemetry script is switched off here.
FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV SCARF_ANALYTICS=false \
    NPM_CONFIG_AUDIT=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_UPDATE_NOTIFIER=false

# ---- build: all dependencies, compile the server (tsc -> dist/) and the web UI (vite -> web/dist/)
FROM base AS build
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
RUN npm run build

# ---- prod-deps: runtime dependencies only. Workers load the workflow bundle `npm run build` wrote
# (dist/workflow-bundle.js, WORKFLOW_BUNDLE below) instead of running webpack at every start.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

# ---- runtime
FROM base AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY --from=build /app/dist ./dist
# app/system.ts serves path.resolve(__dirname, '../web/dist'); compiled to dist/app/ that is dist/web/dist.
COPY --from=build /app/web/dist ./dist/web/dist
# Code stays root-owned (read-only for the app); only the data dir is writable. It is used only
# without DATABASE_URL/JWT_SECRET (embedded SQLite, generated JWT secret), i.e. not in compose.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node

EXPOSE 3000
# For the `api` role: 200 only when the database and Temporal answer. Other roles (worker,
# migrate) should disable or override it (docker-compose.yml does).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

ENTRYPOINT ["node", "dist/scripts/safeloop.js"]
CMD ["api"]
