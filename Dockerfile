# syntax=docker/dockerfile:1
# Build stage: install everything and compile TypeScript to dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/copy-page-assets.mjs ./scripts/
COPY src ./src
COPY adapters ./adapters
RUN npm run build

# Runtime stage: production dependencies only, non-root, expects REDIS_URL.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# the on-call CLI runs the compiled dist/ as well: docker exec <container> node bin/talkgate.mjs queues
COPY bin ./bin
COPY scripts/build-if-stale.mjs ./scripts/
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# REDIS_URL, ADMIN_TOKEN, SECRET_KEY and PUBLIC_BASE_URL must be set; the image runs no Redis.
# the same node flags as `npm start` (package.json; why: scripts/start.mjs)
CMD ["node", "--heap-growing-percent=50", "dist/src/main.js"]
