# Vigía: the commands the README promises.
#   make run    installs what is missing, builds and opens the app
#   make test   installs what is missing and runs every test with -race
#   make dist   installs the packaging tools and builds the packages into dist/
GO       ?= go
BIN      := bin/vigia
ARGS     ?=
# Where GUI tests leave their screenshots.
export VIGIA_ARTIFACTS ?= $(CURDIR)/artifacts

.PHONY: run build deps deps-test test vet bench dist clean

run: build
	./$(BIN) $(ARGS)

build: deps
	$(GO) build -o $(BIN) .

deps:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	cd bench && $(GO) vet ./...

# Every test with the race detector, GUI tests under Xvfb included; then
# every benchmark once, so they keep compiling and running.
test: deps-test vet
	$(GO) test -race -count=1 -timeout 30m ./...
	cd bench && $(GO) test -race -count=1 -run . -bench . -benchtime 1x ./...

# Side-by-side benchmarks with the peers (see bench/doc.go).
bench:
	cd bench && $(GO) test -run '^$$' -bench . -benchmem -count 5 ./...

# Every package this machine can build (the .deb, the Linux tarball, the
# Windows setup.exe) into dist/, with dist/SHA256SUMS; see packaging/README.md.
dist:
	@scripts/deps.sh dist
	scripts/dist.sh

clean:
	rm -rf bin dist artifacts
