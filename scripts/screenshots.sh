#!/usr/bin/env bash
# screenshots.sh takes the README's pictures from the real window at its
# default size, under a private Xvfb (1600×1000, as a laptop's screen), with
# a private HOME, so what it shows is what a new user sees:
#
#   docs/workspace-llm.png   a streamed answer of the openai model with its
#                            figures line, against @dwmkerr/mock-llm
#   docs/dashboard-llm.png   the dashboard's LLM section after a load test
#                            of the openai model against the same server
#   docs/loadtest-llm.png    the Load test tab's LLM figures after that test
#   docs/workspace.png       the sentiment model on a typed text
#   docs/workspace-es.png    the same in Spanish
#   docs/error-dialog.png    a caught panic of the chaos model in debug mode
#   docs/dashboard.png       the dashboard after a load test of chaos
#   docs/logs-detail.png     the Logs tab with a task record's detail open
#   docs/sessions.png        the Sessions tab
#
#   scripts/screenshots.sh            (needs scripts/deps.sh test and scripts/peers.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/vigia" .
mock=bench/peers/node_modules/@dwmkerr/mock-llm/dist/main.js
[ -f "$mock" ] || scripts/peers.sh

cat >"$work/mock.yaml" <<'YAML'
streaming:
  chunkSize: 6
  chunkIntervalMs: 40
rules:
  - path: "/v1/chat/completions"
    method: "POST"
    match: "@"
    response:
      status: 200
      content: |
        {"id": "chatcmpl-mock", "object": "chat.completion", "created": 1764000000, "model": "mock-model",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": "A desktop app earns trust when it shows what it does: how long each task took, how many failed, and where the time went. Vigía measures its own tasks the way serving benchmarks measure LLM endpoints."}, "finish_reason": "stop"}],
         "usage": {"prompt_tokens": 14, "completion_tokens": 41, "total_tokens": 55}}
YAML
port=$((20000 + RANDOM % 20000))
HOST=127.0.0.1 PORT=$port node "$mock" --config "$work/mock.yaml" >"$work/mock.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/ready" >/dev/null && break; sleep 0.1; done

exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
exec 3>&-
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=:$(cat "$work/display")

home=$work/home
export HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share XDG_STATE_HOME=$home/.local/state XDG_CACHE_HOME=$home/.cache
export LANG=en_US.UTF-8 VIGIA_THEME=dark

# open LANGUAGE MODEL starts the app with MODEL as the workspace's last
# model and waits for its window ($win, $app).
open() {
	mkdir -p "$home/.config/vigia"
	cat >"$home/.config/vigia/settings.json" <<JSON
{"version": 1, "settings": {"openai-base-url": "http://127.0.0.1:$port/v1", "openai-model": "mock-model"}, "state": {"lastModel": "$2"}}
JSON
	VIGIA_LANGUAGE=$1 "$work/vigia" --log-dir "$home/logs" >>"$work/app.log" 2>&1 &
	app=$!
	pids+=($app)
	win=""
	for _ in $(seq 300); do
		win=$(xdotool search --onlyvisible --name ' [0-9a-f]{8}$' 2>/dev/null | head -1) && [ -n "$win" ] && break
		sleep 0.2
	done
	[ -n "$win" ] || { echo "screenshots.sh: the window did not appear" >&2; cat "$work/app.log" >&2; exit 1; }
	sleep 2
}
quit() {
	key ctrl+q
	wait "$app" 2>/dev/null || true
}
shot() { import -window "$win" "$root/docs/$1"; echo "screenshots.sh: docs/$1" >&2; }
key() { xdotool windowfocus --sync "$win" key --clearmodifiers "$@"; }
typed() { LC_ALL=C.UTF-8 xdotool windowfocus --sync "$win" type --delay 20 "$1"; }

# The sentiment model on a typed text, in English and in Spanish.
open en sentiment
key ctrl+1
typed "Couldn't be worse. Can't stop smiling though"
key ctrl+Return
sleep 2
shot workspace.png
# A chaos load test from the Load test tab as it opens (chaos, 1000
# requests, 10 at a time), then the dashboard.
key ctrl+2
sleep 0.5
key ctrl+l
sleep 8
key ctrl+3
sleep 4
shot dashboard.png
quit
open es sentiment
key ctrl+1
# A text without accented letters: xdotool types a letter the keymap lacks
# by remapping a key for an instant, and the window now and then reads the
# key after the mapping is undone, which loses the letter (2 runs in 4).
typed "No es malo, pero el servicio fue lento y nadie nos ayudaba."
key ctrl+Return
sleep 2
shot workspace-es.png
quit

# A caught panic in debug mode: the chaos model with error_rate 0 and
# panic_rate 1 (a click on the error_rate field, Tab to panic_rate), a
# typed text, Ctrl+Enter; the dialog shows the stack and Copy details.
open en chaos
key ctrl+d
xdotool mousemove --window "$win" 235 490 click 1
sleep 0.3
key ctrl+a
xdotool type "0"
key Tab ctrl+a
xdotool type "1"
xdotool mousemove --window "$win" 800 250 click 1
sleep 0.3
typed "A chaos task that panics"
key ctrl+Return
sleep 2
shot error-dialog.png
key Escape
key ctrl+d
quit

# The openai model against the mock: a question, Ctrl+Enter; the answer
# streams in, then the figures line.
open en openai
key ctrl+1
typed "What makes a desktop app trustworthy?"
key ctrl+Return
sleep 4
shot workspace-llm.png

# Load test of the openai model from the Load test tab: Ctrl+2; the focus
# order is one check box per model (chaos, keywords, language, openai,
# sentiment, summarize), then Requests, Concurrency, Rate. Chaos off,
# openai on, 40 requests at 8 a second, 16 in flight at most; Ctrl+L.
key ctrl+2
sleep 0.5
key Tab space Tab Tab Tab space Tab Tab Tab ctrl+a
xdotool type "40"
key Tab ctrl+a
xdotool type "16"
key Tab
xdotool type "8"
key ctrl+l
sleep 16
shot loadtest-llm.png
key ctrl+3
sleep 4
shot dashboard-llm.png

# Logs with a record's detail: a click on a row of the list.
key ctrl+4
sleep 1
xdotool mousemove --window "$win" 500 240 click 1
sleep 1
shot logs-detail.png
key ctrl+5
sleep 2
shot sessions.png
quit
