# Build a static binary in the Go image, run it from distroless as non-root.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# .ci/run runs exactly this build line, so CI proves it without Docker.
RUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /procscope ./cmd/procscope

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /procscope /procscope
EXPOSE 8080
USER nonroot:nonroot
HEALTHCHECK --interval=30s --timeout=5s CMD ["/procscope", "healthcheck"]
ENTRYPOINT ["/procscope"]
