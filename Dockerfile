# Sieve: one image for the API and the scoring workers (docker-compose.yml picks the command).
#
#   build   — all dependencies (TypeScript, types) → dist/
#   runtime — production dependencies only, including the optional native TensorFlow backend
#             (@tensorflow/tfjs-node). Its install script downloads libtensorflow; where that fails, npm drops
#             the optional package and Sieve falls back to the WebAssembly backend (TF_BACKEND=auto).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The build needs no native TensorFlow and no install scripts.
RUN npm ci --no-audit --no-fund --omit=optional --ignore-scripts
# .dockerignore keeps node_modules, dist and data out of this copy.
COPY . .
RUN npm run build && mkdir -p models seeds

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
# npm 10 (this image) runs install scripts, so tfjs-node fetches its native library here. An optional dependency
# that fails to install is skipped by npm; the `|| ...` line is a second guard so the image always builds.
RUN (npm ci --no-audit --no-fund --omit=dev \
      || (echo "npm ci failed; installing without optional dependencies (no native TensorFlow)" \
          && npm ci --no-audit --no-fund --omit=dev --omit=optional)) \
    && npm cache clean --force \
    && (node -e "require('@tensorflow/tfjs-node')" >/dev/null 2>&1 \
          && echo "native TensorFlow backend installed" \
          || echo "native TensorFlow backend not available: the WebAssembly backend will be used")
COPY --from=build /app/dist ./dist
COPY --from=build /app/models ./models
COPY --from=build /app/seeds ./seeds
# Runs as the image's unprivileged `node` user; nothing under /app is writable by it.
USER node
EXPOSE 8080
# The API's health check; the worker service in docker-compose.yml replaces it with its own.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "dist/src/cli/healthcheck.js", "api"]
CMD ["node", "dist/src/api/server.js"]
