# The IVR server, as `npm ci` + `npm start` in .ci/run and the README, on Node 24 (the current LTS
# line): production dependencies only, a non-root user. Untested here (no Docker engine on the
# build machines); `engines` says >=20 because Node 20 is what the tests run on.
#   docker build -t plivo-ivr .
#   docker run -p 3000:3000 -e PUBLIC_URL=https://… -e PLIVO_AUTH_ID=… -e PLIVO_AUTH_TOKEN=… \
#     -v "$PWD/flow:/app/flow:ro" -e IVR_CONFIG=flow/ivr.yaml -v ivr-data:/app/data plivo-ivr

# Native modules (better-sqlite3) compile here, with the tools the runtime image does without.
FROM node:24-slim AS deps
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production PORT=3000
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY schema ./schema
COPY src ./src
COPY examples ./examples
COPY ivr.yaml ./
COPY audio ./audio
# DATA_FILE (data/ivr.sqlite) must be writable by the unprivileged user; mount a volume to keep it.
RUN mkdir -p data && chown node:node data

USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD node -e "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "--import", "tsx", "src/main.ts"]
