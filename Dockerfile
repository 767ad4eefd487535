# Build: docker build --build-arg VERSION=v0.1.0 -t lapak .
# Run:   docker run -it --rm -v lapak-data:/data lapak chat
# Serve: docker run -d -p 8080:8080 -v lapak-data:/data -e LAPAK_TELEGRAM_TOKEN=… lapak
FROM golang:1.26 AS build
WORKDIR /src
# Dependencies first, so code changes do not refetch modules.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
# Pure Go (modernc SQLite, lib/pq): a static binary with no C toolchain.
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/lapak ./cmd/lapak
# The data directory must belong to the non-root user before it becomes a
# volume, or the SQLite file cannot be created.
RUN mkdir -p /out/data

FROM gcr.io/distroless/static:nonroot
COPY --from=build /out/lapak /usr/local/bin/lapak
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
WORKDIR /data
VOLUME /data
# The one HTTP server of `lapak serve` (LAPAK_HTTP_LISTEN): /healthz,
# /readyz, the Telegram webhook and Midtrans's notifications.
EXPOSE 8080
# distroless has no shell or curl: the binary asks /readyz itself (exit 0
# ready, 1 not), on the port LAPAK_HTTP_LISTEN names.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["/usr/local/bin/lapak", "health"]
ENTRYPOINT ["lapak"]
CMD ["serve"]
