# checkout-guard-server in a small image: build with the pinned toolchain,
# run on Debian slim as a non-root user. The embedded SQLite database lives
# in the /data volume; set DATABASE_URL=postgres://… to use PostgreSQL.
#
#   docker build -t checkout-guard-server .
#   docker run -p 8080:8080 -v guard-data:/data \
#     -e SHOPIFY_API_KEY -e SHOPIFY_API_SECRET -e SHOPIFY_APP_URL -e TOKEN_ENCRYPTION_KEY \
#     checkout-guard-server
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p checkout-guard-server \
 && strip target/release/checkout-guard-server

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data guard \
 && mkdir /data && chown guard /data
COPY --from=build /src/target/release/checkout-guard-server /usr/local/bin/checkout-guard-server
USER guard
WORKDIR /data
ENV DATABASE_URL=sqlite:///data/checkout-guard.db \
    PORT=8080
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/checkout-guard-server"]
