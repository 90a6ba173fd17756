# Vigía: the commands the README promises.
#   make run    installs what is missing, builds and opens the app
#   make test   installs what is missing and runs every test with -race
#   make dist   installs the packaging tools and builds the packages into dist/
GO       ?= go
BIN      := bin/vigia
ARGS     ?=
# Where GUI tests leave their screenshots.
export VIGIA_ARTIFACTS ?= $(CURDIR)/artifacts

.PHONY: run build deps deps-test test vet bench langbench sentimentbench report soak fuzz dist clean

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
	cd clocale && $(GO) vet ./...
	cd glpreload && $(GO) vet ./...
	cd e2e/otelcol && $(GO) vet ./...

# Every test with the race detector, GUI tests under Xvfb included; every
# fuzz target for a few seconds from its committed corpus; then every
# benchmark once, so they keep compiling and running.
test: deps-test vet
	scripts/peers.sh
	$(GO) test -race -count=1 -timeout 30m ./...
	cd clocale && $(GO) test -race -count=1 ./...
	cd glpreload && $(GO) test -race -count=1 ./...
	scripts/fuzz.sh 5
	cd bench && $(GO) test -race -count=1 -run . -bench . -benchtime 1x ./...
	$(MAKE) langbench LANGBENCH_PAGES=60 LANGBENCH_PER=40
	$(MAKE) sentimentbench

# Language detection side by side with eld, franc-min and lingua-go on
# Debian's translated manual pages (bench/cmd/langbench); make test runs a
# small one, make report the full one into docs/PERFORMANCE.md.
LANGBENCH_PAGES ?= 300
LANGBENCH_PER   ?= 300
langbench:
	scripts/peers.sh
	scripts/corpus.sh $(LANGBENCH_PAGES)
	mkdir -p bench/out
	cd bench && $(GO) run ./cmd/langbench -per $(LANGBENCH_PER) -out out/models.md

# Sentiment side by side with npm sentiment, wink-sentiment and
# vader-sentiment on labelled review sentences (bench/cmd/sentimentpeer;
# a few seconds).
sentimentbench:
	scripts/peers.sh
	mkdir -p bench/out
	cd bench && $(GO) run ./cmd/sentimentpeer -peers peers -out out/sentiment.md

# Each fuzz target for FUZZTIME seconds (default 10).
FUZZTIME ?= 10
fuzz:
	scripts/fuzz.sh $(FUZZTIME)

# The long runs: an hour of mixed load with RSS, heap and goroutines
# sampled, and a million records through rotation (VIGIA_SOAK_DURATION
# shortens or lengthens the first).
soak: deps-test
	VIGIA_SOAK=1 $(GO) test -count=1 -timeout 3h -v -run 'TestSoak|TestRotationExactlyOnce' ./engine ./logging

# Side-by-side benchmarks with the peers (see bench/doc.go).
bench:
	cd bench && $(GO) test -run '^$$' -bench . -benchmem -count 5 ./...

# Every comparison, whole-app figures included, into docs/PERFORMANCE.md.
report: deps-test
	bench/report.sh

# Every package this machine can build (the .deb, the Linux tarball, the
# Windows setup.exe) into dist/, with dist/SHA256SUMS; see packaging/README.md.
dist:
	@scripts/deps.sh dist
	scripts/dist.sh

clean:
	rm -rf bin dist artifacts
