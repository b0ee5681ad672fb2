# Stagecast developer commands. `make run` and `make test` are all a fresh
# machine with Go needs.

GO      ?= go
BIN     ?= bin/stagecast
PKGS    ?= ./...

STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: run test test-short fuzz bench bench-live load build migrate vet lint fmt

## run: serve at http://localhost:8000 on SQLite, local disk and the log mailer
run:
	$(GO) run ./cmd/stagecast

## test: every test with the race detector; PostgreSQL tests need TEST_POSTGRES_URL
test:
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 -timeout 15m $(PKGS)

## test-short: the fast tests only (skips the end-to-end binary test)
test-short:
	$(GO) test -short -count=1 $(PKGS)

## fuzz: run every fuzz target for FUZZTIME each: a count of runs, as a
## duration races the fuzzing coordinator in Go 1.26 (golang/go#75804)
FUZZTIME ?= 200000x
fuzz:
	@set -e; for f in $$(grep -rl --include='*_test.go' '^func Fuzz' .); do \
		pkg=$$(dirname $$f); \
		for target in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$f); do \
			echo "fuzz $$pkg $$target"; \
			$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) $$pkg; \
		done; \
	done

## bench: Go benchmarks with allocation figures
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count=1 $(PKGS)

## bench-live: live-comment load on a real server process: fan-out latency
## and idle-connection memory, native and Socket.IO; flags in LIVEBENCH_ARGS
## (e.g. LIVEBENCH_ARGS="-viewers 500 -kinds native"; -h lists them)
LIVEBENCH_ARGS ?=
bench-live:
	$(GO) run ./cmd/livebench $(LIVEBENCH_ARGS)

## load: REST load on a real server process: req/s and latency of every
## /api/v1 read route (and the common writes) on seeded data, next to a
## bare net/http handler; flags in LOAD_ARGS (e.g. LOAD_ARGS="-store
## postgres -scale 10"; -h lists them)
LOAD_ARGS ?=
load:
	$(GO) run ./cmd/loadbench $(LOAD_ARGS)

## build: a static binary (no cgo)
build:
	CGO_ENABLED=0 $(GO) build -trimpath -o $(BIN) ./cmd/stagecast

## migrate: apply database migrations for DATABASE_URL and exit
migrate:
	$(GO) run ./cmd/stagecast migrate

vet:
	$(GO) vet $(PKGS)

## lint: gofmt, go vet and staticcheck (fetched through the module proxy)
lint: vet
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) run $(STATICCHECK) $(PKGS)

fmt:
	gofmt -w $$(git ls-files '*.go')
