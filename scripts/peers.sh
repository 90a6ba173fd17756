#!/usr/bin/env bash
# peers.sh installs the JavaScript peers the models are measured against
# (eld, franc-min, sentiment, wink-sentiment and vader-sentiment;
# sentiment also brings, as its test fixtures, the labelled sentences that
# bench/cmd/sentimentpeer reads; sentiword brings SentiWordNet 3.0, from
# which bench/cmd/sentimentpeer -sentiwordnet writes
# assets/sentiwordnet-en.txt.gz) and the mock OpenAI-compatible server of
# the e2e tests (@dwmkerr/mock-llm, see e2e/mockllm_test.go), versions
# pinned in bench/peers/package.json and package-lock.json, into
# bench/peers/node_modules (ignored by git) with npm. Nothing is done when
# they are all there already. Needs node 18 or later and npm.
set -euo pipefail
cd "$(dirname "$0")/../bench/peers"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "peers.sh: node and npm are needed (Debian: apt-get install nodejs npm)" >&2
	exit 1
fi
if [ -d node_modules/eld ] && [ -d node_modules/franc-min ] && [ -d node_modules/sentiment ] &&
	[ -d node_modules/wink-sentiment ] && [ -d node_modules/vader-sentiment ] &&
	[ -d node_modules/sentiword ] &&
	[ -f node_modules/@dwmkerr/mock-llm/dist/main.js ]; then
	exit 0
fi
if [ -f package-lock.json ]; then
	npm ci --no-audit --no-fund
else
	npm install --no-audit --no-fund --save-exact
fi
