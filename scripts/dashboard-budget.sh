#!/usr/bin/env bash
# dashboard-budget.sh measures the dashboard's budget (issue 6), in one run:
#   1. idle CPU of a bare Fyne window (bench/cmd/fynehello) and of Vigía with
#      its dashboard open, both running at once and measured over the same
#      seconds, ROUNDS times: both see the same machine, so its noise moves
#      both figures alike. SECONDS should be a multiple of 60, the rhythm
#      of an idle dashboard (ui.quietEvery: no task runs here, so it
#      refreshes once a minute of the clock): then every round holds one
#      refresh a minute, where 30 s held none or one;
#   2. the longest wait of the UI goroutine while a load test runs at about
#      200 requests/s with the dashboard open (Vigía's ui_probe records).
# Chart render times are benchmarks: cd charts && go test -bench . -benchmem
#
#   scripts/dashboard-budget.sh [seconds [rounds]]     (default 60 3)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
rounds=${2:-3}
scripts/deps.sh test
go build -o bin/vigia .
(cd bench && go build -o ../bin/fyne-hello ./cmd/fynehello)

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
Xvfb :87 -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
export DISPLAY=:87 LANG=en_US.UTF-8 HOME=$work
sleep 1
hz=$(getconf CLK_TCK)

# ticks PID prints the process's CPU time so far, in clock ticks.
ticks() { awk '{print $14+$15}' /proc/"$1"/stat; }
# pct TICKS SECONDS prints TICKS over SECONDS in % of a core.
pct() { awk -v t="$1" -v hz="$hz" -v s="$2" 'BEGIN{printf "%.2f", t/hz/s*100}'; }

window() { # waits for a visible window whose name matches $1
	for _ in $(seq 100); do
		w=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1) && [ -n "$w" ] && { echo "$w"; return; }
		sleep 0.2
	done
	echo "no window $1" >&2; exit 1
}

bin/fyne-hello & hello=$!
window "fyne hello" >/dev/null
bin/vigia --log-dir "$work/logs" --debug 2>/dev/null & vigia=$!
w=$(window "session [0-9a-f]{8}$")
xdotool windowfocus --sync "$w" key ctrl+3
sleep 3
h0=$(ticks $hello) v0=$(ticks $vigia)
for r in $(seq "$rounds"); do
	ha=$(ticks $hello) va=$(ticks $vigia)
	sleep "$secs"
	hc=$(pct $(($(ticks $hello) - ha)) "$secs") vc=$(pct $(($(ticks $vigia) - va)) "$secs")
	d=$(awk -v a="$vc" -v b="$hc" 'BEGIN{printf "%+.2f", a-b}')
	echo "round $r, ${secs} s: fyne hello ${hc} %, vigia with dashboard ${vc} % (${d} points)"
done
total=$((secs * rounds))
hello_cpu=$(pct $(($(ticks $hello) - h0)) $total) vigia_cpu=$(pct $(($(ticks $vigia) - v0)) $total)
kill $hello

# Ctrl+L starts the load panel's default test (1000 chaos requests, 10 at a
# time, 50 ms each: about 200 requests/s) with the dashboard open; Ctrl+3
# goes back to the dashboard while it runs.
start=$(date +%s)
xdotool key ctrl+l
sleep 0.5
xdotool key ctrl+3
sleep 15
xdotool key ctrl+q
wait $vigia || true
worst=$(grep '"event":"ui_probe"' "$work/logs/app.log" | awk -v s="$start" -F'"max_wait_ms":' '{split($2,a,","); if (a[1]+0 > m) m = a[1]+0} END {printf "%.1f", m}')
rps=$(grep -c '"event":"task"' "$work/logs/app.log")

echo "idle CPU, ${total} s: fyne hello ${hello_cpu} %, vigia with dashboard ${vigia_cpu} % (difference $(awk -v a="$vigia_cpu" -v b="$hello_cpu" 'BEGIN{printf "%.2f", a-b}') points)"
echo "load test: ${rps} tasks; longest UI-goroutine wait over the run: ${worst} ms"
