# A static Stagecast binary on a minimal image. The default store is SQLite
# under /data; set DATABASE_URL for PostgreSQL.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/stagecast ./cmd/stagecast

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /out/stagecast /app/stagecast
ENV DATA_DIR=/data \
    DATABASE_URL=sqlite:/data/stagecast.db \
    MEDIA_DIR=/data/media \
    APP_ENV=production
VOLUME ["/data"]
EXPOSE 8000
USER nonroot
ENTRYPOINT ["/app/stagecast"]
CMD ["serve"]
