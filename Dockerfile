# Slate as one small image: the compiled single binary plus its static files, migrations and the
# sandbox image's build context. Student code never runs in this container: Slate starts sandbox
# containers beside it through the Docker socket (see compose.yaml).
#
# Offline hosts: create debian:bookworm-slim first with sandbox/bootstrap-base.sh.

# The build stage compiles with the Bun that `npm install` put in node_modules, so building the image
# needs no registry at all (many school networks and this project's build machines have none).
FROM debian:bookworm-slim AS build
WORKDIR /src
COPY . .
ENV PATH=/src/node_modules/.bin:$PATH
RUN test -x node_modules/.bin/bun \
 || { echo "node_modules is missing: run 'npm install' before 'docker build'" >&2; exit 1; }
RUN bun run build

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
