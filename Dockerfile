# Slate as one small image: the compiled single binary plus its static files, migrations and the
# sandbox image's build context. Student code never runs in this container: Slate starts sandbox
# containers beside it through the Docker socket (see compose.yaml).
#
# Offline hosts: create debian:bookworm-slim first with sandbox/bootstrap-base.sh.

FROM debian:bookworm-slim AS build
RUN apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY . .
RUN npx bun run build

FROM debian:bookworm-slim
LABEL org.opencontainers.image.title="Slate" \
      org.opencontainers.image.description="A self-hosted Python classroom"
WORKDIR /app
COPY --from=build /src/dist/slate /app/slate
COPY --from=build /src/static /app/static
COPY --from=build /src/migrations /app/migrations
COPY --from=build /src/sandbox /app/sandbox
ENV SLATE_DATA_DIR=/data \
    SLATE_PORT=3000 \
    SLATE_APP_ROOT=/app
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s CMD ["/app/slate", "--healthcheck"]
# Root in the container: Slate needs the Docker socket, which is root-equivalent on the host anyway.
ENTRYPOINT ["/app/slate"]
