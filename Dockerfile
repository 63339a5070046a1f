# syntax=docker/dockerfile:1
# Sitrep's container image: `docker build -t sitrep .`, then run it with the settings in the
# environment (see README "Deploy"). Node 24 is an LTS line supported until April 2028.
ARG NODE_IMAGE=node:24-trixie-slim

# Build: every dependency (TypeScript included), compile to dist/.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

# Runtime: production dependencies only, installed from the lockfile without running package
# scripts, and the compiled output. The app's files stay owned by root: the process cannot change them.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && npm cache clean --force
COPY --from=build /app/dist ./dist
# The embedded database (used when DATABASE_URL is unset) lives here; mount a volume to keep it.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# Slim images have no curl: node itself asks /healthz (200 when the database answers).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node runs as PID 1 and `sitrep start` handles SIGTERM itself: it stops taking requests,
# lets work under way finish (up to 10 s) and closes the database.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/cli.js", "start"]
