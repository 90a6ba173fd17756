#!/usr/bin/env bash
# report.sh runs every side-by-side performance comparison (issue 10) and
# writes docs/PERFORMANCE.md: the machine, the commands, and ratio tables of
# Vigía against its peers with the goals of the earlier issues, met or missed.
#
#   cd bench && ./report.sh [--quick]       (or bench/report.sh from the root)
#
#   --quick   one run of each benchmark at a short benchtime, 3 window runs,
#             5 s of idle CPU: checks the script in 2 to 3 minutes; the
#             figures are not for decisions.
#
# Without --quick: -count 5 at the default benchtime, 30 starts of each
# program for the first frame (their medians: the bare window's starts
# spread over 120 ms in one run, so that the median of 10 moved by tens of
# ms from one report to the next), 10 profiled starts, 3 rounds of 60 s of
# idle CPU; about 30 minutes on 2 cores (a first build of Fyne adds a few
# minutes). Run it on a quiet
# machine: every figure is a time or a CPU share. It is not run by make test.
#
# What it runs, in order (each command is also listed in the report):
#   1. scripts/deps.sh test (Xvfb, xdotool, the Fyne build deps), then builds
#      bin/vigia (main module), bin/fyne-hello, bin/fyne-hello-sized and
#      bin/firstframe (bench/cmd);
#   2. go test -bench with -benchmem -count: bench/ (logging, metrics, cache,
#      SSE against zap, slog, client_golang, otter, ttlcache, golang-lru,
#      openai-go),
#      engine/ (task path; OpenTelemetry off, on with the collector up,
#      on with it down), charts/ (chart rendering);
#   3. bench/cmd/heapgrowth: heap after 10 M requests, Vigía's metrics
#      Collector against the seed's list of floats;
#   4. under a private Xvfb: bench/cmd/firstframe, time to first frame and RSS
#      after start of Vigía and of the bare Fyne window, runs interleaved;
#      then RSS after 100 000 tasks run from Vigía's Load test tab (driven
#      with xdotool) and from `vigia load`;
#   5. scripts/dashboard-budget.sh: idle CPU with the dashboard open against
#      the bare window (it starts its own Xvfb on :87);
#   6. bench/cmd/perfreport: medians, ratios, goals, profiles of the
#      benchmarks that miss their goal, and docs/PERFORMANCE.md.
# Raw outputs are kept in bench/out/ (replaced at each run, ignored by git).
set -euo pipefail

quick=0
for a in "$@"; do
	case "$a" in
	--quick) quick=1 ;;
	-h | --help)
		sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "usage: bench/report.sh [--quick]" >&2
		exit 2
		;;
	esac
done

if [ "$quick" = 1 ]; then
	count=1 benchtime=100ms runs=3 starts=3 idle=5 idlerounds=1 proftime=300ms
else
	count=5 benchtime=1s runs=10 starts=30 idle=60 idlerounds=3 proftime=2s
fi

cd "$(dirname "$0")/.."
root=$(pwd)
out=$root/bench/out
rm -rf "$out"
mkdir -p "$out" "$root/docs"
work=$(mktemp -d)
xvfb=""
cleanup() {
	if [ -n "$xvfb" ]; then kill "$xvfb" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
t0=$(date +%s)
cp /proc/loadavg "$out/loadavg-start.txt"
printf 'count=%s\nbenchtime=%s\nwindow starts=%s\nprofiled starts=%s\nidle seconds=%s\nidle rounds=%s\n' "$count" "$benchtime" "$starts" "$runs" "$idle" "$idlerounds" >"$out/settings.txt"
export LANG=en_US.UTF-8
# The steps below give the app a HOME of its own; go keeps the user's caches.
GOCACHE=$(go env GOCACHE) GOMODCACHE=$(go env GOMODCACHE) GOPATH=$(go env GOPATH)
export GOCACHE GOMODCACHE GOPATH

# step NAME FILE COMMAND runs COMMAND (a string, as listed in the report)
# with its output in out/FILE; a failed step is reported, not fatal: the
# report then says which figures were not measured.
step() {
	local name=$1 file=$2 cmd=$3
	printf '%s\t%s\n' "$name" "$cmd" >>"$out/commands.tsv"
	echo "report.sh: $name ($(($(date +%s) - t0)) s in)" >&2
	if ! (eval "$cmd") >"$out/$file" 2>&1; then
		echo "report.sh: step '$name' failed; its output is in bench/out/$file:" >&2
		tail -n 20 "$out/$file" >&2
	fi
}

# 1. Tools and builds. The bare window is also built at the size Vigía
# opens at on the report's 1280×900 screen (85 % of it, ui/screen.go), so
# that the two have as many pixels to clear and paint.
sized=1088x765
echo "report.sh: checking the tools (scripts/deps.sh test)" >&2
scripts/deps.sh test
printf '%s\t%s\n' "build" "go build -o bin/vigia . && (cd bench && go build -o ../bin/fyne-hello ./cmd/fynehello && go build -ldflags '-X main.size=$sized' -o ../bin/fyne-hello-sized ./cmd/fynehello && go build -o ../bin/firstframe ./cmd/firstframe)" >>"$out/commands.tsv"
go build -o bin/vigia .
(cd bench && go build -o ../bin/fyne-hello ./cmd/fynehello && go build -ldflags "-X main.size=$sized" -o ../bin/fyne-hello-sized ./cmd/fynehello && go build -o ../bin/firstframe ./cmd/firstframe)

# 2. Benchmarks.
bflags="-run '^\$' -benchmem -count $count -benchtime $benchtime -timeout 60m"
step "logging, metrics and cache against their peers" peers.txt \
	"cd bench && go test $bflags -bench 'LogTask|MetricsRecordRequest|CacheHit|SSE' ."
step "task path around a no-op model, and what OpenTelemetry adds to it (off, collector up, collector down)" engine.txt "go test $bflags -bench 'TaskPath|OTelTask' ./engine"
step "chart rendering" charts.txt "go test $bflags -bench . ./charts"

# 3. Heap after 10 M requests.
step "metrics heap after 10 M requests against the seed's list of floats" heap.txt \
	"cd bench && go run ./cmd/heapgrowth -n 10000000"

# 3b. Language detection against eld, franc-min and lingua-go (about 4 min:
# 3 to render the corpus, 1 to run; see bench/cmd/langbench).
step "language detection against eld, franc-min and lingua-go" langbench.txt \
	"scripts/peers.sh && scripts/corpus.sh 300 && cd bench && go run ./cmd/langbench -per 300 -out '$out/models.md'"
# 3c. The same on a second corpus, the installed packages' message
# catalogs (short interface texts; skipped where none are installed).
step "language detection on the message catalogs" catalogs.txt \
	"cd bench && go run ./cmd/langbench -catalogs '$work/catalogs' && go run ./cmd/langbench -corpus '$work/catalogs' -source catalogs -per 300 -out '$out/catalogs.md'"
# 3d. And on a third, the package descriptions that the Debian Description
# Translation Project translates, which apt fetches into a private lists
# folder (as root, through sudo otherwise; skipped without the network).
as_root=""
[ "$(id -u)" = 0 ] || as_root="sudo"
step "language detection on the package descriptions" ddtp.txt \
	"mkdir -p '$work/apt-lists/partial' && $as_root apt-get update -qq -o Acquire::Languages=en,es,de,fr,it,pt_BR,nl,pl,ro,sv -o Dir::State::Lists='$work/apt-lists' && cd bench && go run ./cmd/langbench -ddtp '$work/ddtp' -apt-lists '$work/apt-lists' && go run ./cmd/langbench -corpus '$work/ddtp' -source ddtp -per 300 -out '$out/ddtp.md'"
step "sentiment against npm sentiment, wink-sentiment and vader-sentiment" sentiment.txt \
	"cd bench && go run ./cmd/sentimentpeer -peers peers -out '$out/sentiment.md'"

# 4. Window figures under a private Xvfb (-displayfd picks a free display;
# -br makes unpainted windows black, which firstframe relies on).
exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp -br >"$out/xvfb.log" 2>&1 &
xvfb=$!
exec 3>&-
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
if [ ! -s "$work/display" ]; then
	echo "report.sh: Xvfb did not start; see bench/out/xvfb.log" >&2
	exit 1
fi
export DISPLAY=:$(cat "$work/display")

step "time to first frame and RSS after start, Vigía and the bare Fyne window (at its own size and at Vigía's), interleaved" frames.txt \
	"bin/firstframe -runs $starts -settle 2s -log '$out/firstframe-programs.log' -shots '$out/frames' '^fyne hello\$' bin/fyne-hello '^fyne hello\$' bin/fyne-hello-sized 'session [0-9a-f]{8}\$' bin/vigia"

vmrss() { awk -v k="$2:" '$1 == k {print $2}' /proc/"$1"/status 2>/dev/null; }

# wait_window prints the id of Vigía's session window once it is visible
# (60 s at most) and fails if it is not.
wait_window() {
	local win
	for _ in $(seq 300); do
		win=$(xdotool search --onlyvisible --name 'session [0-9a-f]{8}$' 2>/dev/null | head -1) && [ -n "$win" ] && {
			echo "$win"
			return 0
		}
		sleep 0.2
	done
	return 1
}

# private_home gives the processes started next a HOME of their own.
private_home() {
	mkdir -p "$1"
	export HOME=$1 XDG_CONFIG_HOME=$1/.config XDG_DATA_HOME=$1/.local/share XDG_STATE_HOME=$1/.local/state XDG_CACHE_HOME=$1/.cache
}

# profile_start prints go tool pprof -top -cum of $runs starts of Vigía,
# merged, for the first-frame row's Why column: each run (after one
# discarded, as firstframe does) writes a CPU profile through
# VIGIA_CPUPROFILE from exec until the window is visible and has had 0.5 s
# to paint, then quits on SIGTERM.
profile_start() {
	local i pid
	private_home "$work/start-home"
	for i in $(seq 0 "$runs"); do
		VIGIA_CPUPROFILE=$work/start.$i.pprof bin/vigia --log-dir="$work/start-home/logs" >>"$out/start-profile-vigia.log" 2>&1 &
		pid=$!
		wait_window >/dev/null || echo "run $i: Vigía's window did not appear"
		sleep 0.5
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null || true
	done
	rm -f "$work/start.0.pprof"
	go tool pprof -top -cum -nodecount=80 bin/vigia "$work"/start.*.pprof
}

# rss_gui runs 100 000 chaos tasks from Vigía's Load test tab and prints
# key=value lines: ok, rss_start_kb, rss_after_kb, hwm_kb, seconds, error.
rss_gui() {
	local logs=$work/gui-home/logs pid win n i start tasks
	private_home "$work/gui-home"
	n=$(bin/vigia models 2>/dev/null | grep -c '^[^ ]')
	bin/vigia --log-dir "$logs" --log-max-size-mb 100 >"$out/rss-gui-vigia.log" 2>&1 &
	pid=$!
	if ! win=$(wait_window); then
		echo "ok=0"
		echo "error=Vigía's window did not appear"
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		return
	fi
	sleep 2
	echo "rss_start_kb=$(vmrss "$pid" VmRSS)"
	xdotool windowfocus --sync "$win" key --clearmodifiers ctrl+2
	sleep 0.5
	# Focus order of the tab: one check box per model, then Requests,
	# Concurrency, Rate (left empty: a closed loop) and Parameters.
	for i in $(seq $((n + 1))); do xdotool key Tab; done
	xdotool key --clearmodifiers ctrl+a
	xdotool type 100000
	xdotool key Tab
	xdotool key --clearmodifiers ctrl+a
	xdotool type 8
	xdotool key Tab
	xdotool key --clearmodifiers ctrl+a BackSpace
	xdotool key Tab
	for i in latency=0s jitter=0s error_rate=0.1 panic_rate=0.01; do
		xdotool type "$i"
		xdotool key Return
	done
	sleep 0.3
	start=$(date +%s.%N)
	xdotool key --clearmodifiers ctrl+l
	for _ in $(seq 50); do
		grep -q '"action":"load_start"' "$logs/app.log" 2>/dev/null && break
		sleep 0.2
	done
	if ! grep '"action":"load_start"' "$logs/app.log" 2>/dev/null | grep -q 'requests=100000 concurrency=8'; then
		echo "ok=0"
		echo "error=the Load test tab could not be set to 100000 requests, 8 at a time (load_start: $(grep -o '"details":"[^"]*"' "$logs/app.log" | tail -1))"
		import -window root "$out/rss-gui-failed.png" 2>/dev/null || true
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		return
	fi
	tasks=0
	for _ in $(seq 1200); do
		tasks=$(grep -c '"event":"task"' "$logs/app.log" 2>/dev/null || true)
		[ "${tasks:-0}" -ge 100000 ] && break
		sleep 0.5
	done
	echo "seconds=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.1f", e-s}')"
	echo "tasks=$tasks"
	sleep 2
	echo "rss_after_kb=$(vmrss "$pid" VmRSS)"
	echo "hwm_kb=$(vmrss "$pid" VmHWM)"
	import -window root "$out/rss-gui-done.png" 2>/dev/null || true
	if [ "${tasks:-0}" -ge 100000 ]; then echo "ok=1"; else
		echo "ok=0"
		echo "error=only $tasks of 100000 tasks in app.log after 10 minutes"
	fi
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || true
}

# rss_cli runs the same test with `vigia load` and samples its VmRSS.
rss_cli() {
	local pid last="" hwm="" r h st start
	private_home "$work/cli-home"
	start=$(date +%s.%N)
	bin/vigia --log-dir "$work/cli-home/logs" load --model chaos --requests 100000 --concurrency 8 \
		--param latency=0s --param jitter=0s --param error_rate=0.1 --param panic_rate=0.01 --json \
		>"$out/rss-cli-load.json" 2>"$out/rss-cli-load.log" &
	pid=$!
	while :; do
		st=$(vmrss "$pid" State)
		[ -z "$st" ] || [ "$st" = Z ] && break
		r=$(vmrss "$pid" VmRSS)
		h=$(vmrss "$pid" VmHWM)
		[ -n "$r" ] && last=$r
		[ -n "$h" ] && hwm=$h
		sleep 0.1
	done
	wait "$pid" || echo "exit=$?"
	echo "seconds=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.1f", e-s}')"
	echo "rss_last_kb=$last"
	echo "hwm_kb=$hwm"
}

# profile_idle prints go tool pprof -top of Vigía idle with its dashboard
# open, configured as scripts/dashboard-budget.sh runs it (debug mode), for
# the report's Why column; debug mode serves /debug/pprof beside /metrics.
profile_idle() {
	local logs=$work/prof-home/logs pid win url
	private_home "$work/prof-home"
	bin/vigia --log-dir "$logs" --debug --metrics-addr 127.0.0.1:0 >"$out/idle-profile-vigia.log" 2>&1 &
	pid=$!
	if win=$(wait_window); then
		xdotool windowfocus --sync "$win" key --clearmodifiers ctrl+3
		sleep 3
		url=$(grep -o '"url":"http://[^"]*/metrics"' "$logs/app.log" | head -1 | sed 's/^"url":"//; s#/metrics"$##')
		go tool pprof -top -cum -nodecount=60 bin/vigia "$url/debug/pprof/profile?seconds=$idle"
	else
		echo "Vigía's window did not appear"
	fi
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || true
}

step "CPU profile of Vigía's start (for the Why column)" start-profile.txt \
	"profile_start  # $runs runs (one more first, discarded): VIGIA_CPUPROFILE=FILE bin/vigia --log-dir=DIR (one argument: the GL driver preloaded, as firstframe's starts), until the window is visible + 0.5 s, SIGTERM; then go tool pprof -top -cum -nodecount=80 bin/vigia FILES"
step "RSS after 100 000 tasks from the window's Load test tab" rss-gui.txt \
	"rss_gui  # bin/vigia --log-dir DIR --log-max-size-mb 100; xdotool: ctrl+2, Tab × (models + 1), ctrl+a, type 100000, Tab, ctrl+a, type 8, Tab, ctrl+a BackSpace (Rate empty), Tab, type latency=0s⏎jitter=0s⏎error_rate=0.1⏎panic_rate=0.01⏎, ctrl+l; wait for 100000 event=task records in app.log, 2 s, read /proc/PID/status"
step "RSS after 100 000 tasks from the command line" rss-cli.txt \
	"rss_cli  # bin/vigia --log-dir DIR load --model chaos --requests 100000 --concurrency 8 --param latency=0s --param jitter=0s --param error_rate=0.1 --param panic_rate=0.01 --json, VmRSS sampled every 100 ms"
step "CPU profile of Vigía idle with the dashboard open (for the Why column)" idle-profile.txt \
	"profile_idle  # bin/vigia --debug --metrics-addr 127.0.0.1:0, ctrl+3, 3 s, then go tool pprof -top -cum -nodecount=60 bin/vigia http://ADDR/debug/pprof/profile?seconds=$idle"
kill "$xvfb" 2>/dev/null || true
wait "$xvfb" 2>/dev/null || true
xvfb=""
unset DISPLAY

# 5. Idle CPU, through the budget script of issue 6 (its own Xvfb).
step "idle CPU with the dashboard open against the bare Fyne window" idle.txt "scripts/dashboard-budget.sh $idle $idlerounds"

# 6. The report.
cp /proc/loadavg "$out/loadavg-end.txt"
q=""
[ "$quick" = 1 ] && q=-quick
echo "report.sh: writing docs/PERFORMANCE.md ($(($(date +%s) - t0)) s in)" >&2
(cd bench && go run ./cmd/perfreport -in "$out" -out "$root/docs/PERFORMANCE.md" -root "$root" \
	-profile -benchtime "$proftime" -started "$started" $q)
if [ -s "$out/models.md" ]; then
	printf '\n## Models\n\n' >>"$root/docs/PERFORMANCE.md"
	cat "$out/models.md" >>"$root/docs/PERFORMANCE.md"
fi
if [ -s "$out/catalogs.md" ]; then
	printf '\n' >>"$root/docs/PERFORMANCE.md"
	cat "$out/catalogs.md" >>"$root/docs/PERFORMANCE.md"
fi
if [ -s "$out/ddtp.md" ]; then
	printf '\n' >>"$root/docs/PERFORMANCE.md"
	cat "$out/ddtp.md" >>"$root/docs/PERFORMANCE.md"
fi
if [ -s "$out/sentiment.md" ]; then
	printf '\n' >>"$root/docs/PERFORMANCE.md"
	cat "$out/sentiment.md" >>"$root/docs/PERFORMANCE.md"
fi
echo "report.sh: done in $(($(date +%s) - t0)) s" >&2
