# The IVR server, as `npm ci` + `npm start` in .ci/run and the README: Node 20, production
# dependencies only, a non-root user. Untested here (no Docker engine on the build machines).
#   docker build -t plivo-ivr .
#   docker run -p 3000:3000 -e PUBLIC_URL=https://… -e PLIVO_AUTH_ID=… -e PLIVO_AUTH_TOKEN=… \
#     -v "$PWD/ivr.yaml:/app/ivr.yaml:ro" -v "$PWD/audio:/app/audio:ro" plivo-ivr
FROM node:20-slim

WORKDIR /app
ENV NODE_ENV=production PORT=3000

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY schema ./schema
COPY src ./src
COPY examples ./examples
COPY ivr.yaml ./
COPY audio ./audio

USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD node -e "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "--import", "tsx", "src/main.ts"]
