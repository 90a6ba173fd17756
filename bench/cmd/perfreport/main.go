// Command perfreport turns the raw outputs that bench/report.sh collects into
// docs/PERFORMANCE.md: the machine, the commands, and one table per area with
// Vigía's figure, the peer's, their ratio, the goal from the earlier issues
// and whether it is met.
//
//	perfreport -in DIR -out FILE [-root DIR] [-profile] [-benchtime 1s] [-quick]
//
// DIR holds what report.sh wrote (see there): go test -bench outputs
// (peers.txt, engine.txt with the task path and OpenTelemetry's cost per
// task, charts.txt), the RESULT lines of cmd/heapgrowth
// (heap.txt) and cmd/firstframe (frames.txt), the output of
// scripts/dashboard-budget.sh (idle.txt), key=value files from the RSS runs
// (rss-gui.txt, rss-cli.txt), and commands.tsv (step, command). Medians are
// taken over the -count runs of each benchmark. With -profile, each
// benchmark that misses its goal is run once more under -cpuprofile (or
// -memprofile when it misses on bytes) and the top entries of
// go tool pprof -top fill the Why column.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

var (
	inDir     = flag.String("in", "", "directory of report.sh's raw outputs (required)")
	outFile   = flag.String("out", "", "the Markdown file to write (required)")
	root      = flag.String("root", ".", "the main module's directory (for profiles and git)")
	profile   = flag.Bool("profile", false, "profile the benchmarks that miss their goal, for the Why column")
	benchtime = flag.String("benchtime", "1s", "-benchtime of the profiling runs")
	quick     = flag.Bool("quick", false, "mark the report as a quick run")
	started   = flag.String("started", "", "when report.sh started (RFC 3339)")
)

func main() {
	flag.Parse()
	if *inDir == "" || *outFile == "" {
		flag.Usage()
		os.Exit(2)
	}
	r := &report{in: *inDir}
	var b strings.Builder
	r.write(&b)
	if err := os.WriteFile(*outFile, []byte(b.String()), 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "perfreport: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("perfreport: wrote %s (%d goals met, %d missed, %d not measured)\n", *outFile, r.met, r.missed, r.unmeasured)
}

// bench holds the figures of one benchmark over its runs.
type bench struct {
	runs  int
	units map[string][]float64 // unit (ns/op, B/op, allocs/op, …) → one value per run
}

// median returns the median of unit over the runs, and whether there is one.
func (b *bench) median(unit string) (float64, bool) {
	if b == nil || len(b.units[unit]) == 0 {
		return 0, false
	}
	vs := slices.Clone(b.units[unit])
	slices.Sort(vs)
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2], true
	}
	return (vs[n/2-1] + vs[n/2]) / 2, true
}

var procSuffix = regexp.MustCompile(`-\d+$`)

// parseBench reads go test -bench output: one line per run of a benchmark.
func parseBench(path string) map[string]*bench {
	out := map[string]*bench{}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 4 || !strings.HasPrefix(fs[0], "Benchmark") {
			continue
		}
		if _, err := strconv.Atoi(fs[1]); err != nil {
			continue
		}
		name := procSuffix.ReplaceAllString(fs[0], "")
		b := out[name]
		if b == nil {
			b = &bench{units: map[string][]float64{}}
			out[name] = b
		}
		b.runs++
		for i := 2; i+1 < len(fs); i += 2 {
			if v, err := strconv.ParseFloat(fs[i], 64); err == nil {
				b.units[fs[i+1]] = append(b.units[fs[i+1]], v)
			}
		}
	}
	return out
}

// parseResults reads the "RESULT k=v …" lines of a file, keyed by the value
// of key.
func parseResults(path, key string) map[string]map[string]string {
	out := map[string]map[string]string{}
	data, _ := os.ReadFile(path)
	for _, line := range strings.Split(string(data), "\n") {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "RESULT ")
		if !ok {
			continue
		}
		kv := parseKV(rest)
		out[kv[key]] = kv
	}
	return out
}

func parseKV(s string) map[string]string {
	kv := map[string]string{}
	for _, f := range strings.Fields(s) {
		if k, v, ok := strings.Cut(f, "="); ok {
			kv[k] = v
		}
	}
	return kv
}

// readKV reads a file of key=value lines.
func readKV(path string) map[string]string {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	kv := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
			kv[k] = v
		}
	}
	return kv
}

func num(kv map[string]string, k string) (float64, bool) {
	if kv == nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(kv[k], 64)
	return v, err == nil
}

// row is one line of a table.
type row struct {
	figure, ours, peer, ratio, goal string
	verdict                         verdict
	why                             string
	// what to profile when the goal is missed (empty: nothing)
	profDir, profBench, profKind string
}

type verdict int

const (
	info verdict = iota // no goal
	met
	missed
	unmeasured
)

func (v verdict) String() string {
	return [...]string{"—", "✅ met", "❌ **missed**", "⚠️ not measured"}[v]
}

func check(ok bool) verdict {
	if ok {
		return met
	}
	return missed
}

type report struct {
	in                      string
	met, missed, unmeasured int
	peers, engine, charts   map[string]*bench
	profiled                []string          // profiling commands run
	profiles                map[string]string // benchmark and kind → its Why
}

func (r *report) path(name string) string { return filepath.Join(r.in, name) }

func (r *report) write(b *strings.Builder) {
	r.peers = parseBench(r.path("peers.txt"))
	r.engine = parseBench(r.path("engine.txt"))
	r.charts = parseBench(r.path("charts.txt"))

	fmt.Fprintf(b, "# Performance report\n\n")
	fmt.Fprintf(b, "Generated by `bench/report.sh`%s; do not edit by hand. Each table gives Vigía's figure, the peer's (or the budget), "+
		"their ratio (Vigía ÷ peer: below 1 means Vigía is faster or smaller), the goal set in the earlier issues, and whether this run meets it. "+
		"Benchmark figures are medians over the `-count` runs; window figures are medians over the runs of `bench/cmd/firstframe`.\n\n",
		map[bool]string{true: " --quick", false: ""}[*quick])
	// Hand-measured notes live in a file of their own, which no report
	// overwrites.
	b.WriteString("Hand-measured figures, the rounds of changes behind the figures below and what was tried and not kept are in " +
		"[PERFORMANCE-NOTES.md](PERFORMANCE-NOTES.md), which `make report` does not rewrite.\n\n")
	if *quick {
		b.WriteString("> **Quick run** (`--quick`: one run of each benchmark, short benchtime, few window runs): the figures only show that the script works. " +
			"Run `bench/report.sh` without `--quick` on a quiet machine for figures to decide on.\n\n")
	}
	r.machine(b)

	sections := []struct {
		title, intro string
		rows         []row
	}{
		{"Logging: one `event=task` record", "Each writes the same record to a real rotating file (lumberjack, 100 MB, no compression); see `bench/logging_test.go`. " +
			"Vigía's figure is its whole fan-out: JSON to app.log through its buffer, the in-memory ring, redaction; the console is off (no terminal).", r.logging()},
		{"Metrics: recording one request", "`metrics.Collector.RecordRequest` (histogram, counts, per-second series) against a client_golang `HistogramVec` looked up by label and observed; see `bench/metrics_test.go`.", r.metrics()},
		{"LLM streams: reading Server-Sent Events", "The `openai` model's `Run` with streaming against github.com/openai/openai-go v3's `NewStreaming` reading every chunk, over the same recorded stream of 1000 one-token chunks " +
			"plus usage and `[DONE]`, served from memory; see `bench/sse_test.go`.", r.sse()},
		{"Cache hits", "A hit of `cache.Cache.GetOrLoad` (with its statistics) against a hit of each peer, 1024 keys, same bounds; see `bench/cache_test.go`. " +
			"Parallel runs on GOMAXPROCS goroutines.", r.cache()},
		{"Task path around a no-op model", "`engine/bench_test.go`: one task end to end (validation, cache lookup when cacheable, session.Run's timing and panic guard, " +
			"one `event=task` record to a real app.log, the metrics hook) around a model that does nothing. The goal is the whole figure, since the model costs nothing.", r.task()},
		{"OpenTelemetry: cost per task", "`engine/otel_bench_test.go` (`BenchmarkOTelTask`): the task path of the table above (no-op model, not cacheable) with telemetry off, " +
			"on with a collector that answers 200 (an httptest server that reads and discards), and on with the collector down (a closed port); traces, logs and metrics exported, the app's defaults otherwise. " +
			"The four run side by side in one `go test` invocation. Allocations are counted over the whole process, the SDK's export goroutines included. " +
			"The goal is on the time added to off (Vigía − off), not a ratio.", r.otel()},
		{"Chart rendering", "`charts/bench_test.go`: one chart rendered to an image at 800×400 (the sparkline at its own 120×32); bytes are allocated bytes per chart (`B/op`).", r.chartRows()},
		{"The whole app against a bare Fyne window", "Same machine, same Xvfb, same run. `fyne hello` is `bench/cmd/fynehello` (a window with one label); " +
			"both render with Mesa's software OpenGL under Xvfb, so absolute figures are higher than on a desktop with a GPU.", r.app()},
		{"Memory: metrics heap after 10 million requests", "`bench/cmd/heapgrowth`: Go heap (`HeapAlloc` after a full GC) of Vigía's `metrics.Collector` against the seed's approach modelled in Go " +
			"(every response time appended to a `[]float64`, as the seed's Python list, plus a `map[string]int` of model counts). Three models, one request in ten an error. " +
			"Growth is measured from the recorder having seen one request per model to after the 10 M requests; the fixed cost is shown apart.", r.heap()},
	}
	// Profiles for the Why column of missed benchmarks.
	for i := range sections {
		for j := range sections[i].rows {
			row := &sections[i].rows[j]
			if row.verdict == missed && row.profBench != "" && *profile {
				if why := r.profileRow(row); why != "" {
					if row.why != "" {
						why = strings.TrimSuffix(row.why, ".") + ". " + why
					}
					row.why = why
				}
			}
		}
	}

	b.WriteString("## Summary\n\n| Area | Goals met | Goals missed | Not measured |\n| --- | ---: | ---: | ---: |\n")
	for _, s := range sections {
		var m, x, u int
		for _, row := range s.rows {
			switch row.verdict {
			case met:
				m++
			case missed:
				x++
			case unmeasured:
				u++
			}
		}
		r.met += m
		r.missed += x
		r.unmeasured += u
		fmt.Fprintf(b, "| %s | %d | %d | %d |\n", s.title, m, x, u)
	}
	fmt.Fprintf(b, "| **All** | **%d** | **%d** | **%d** |\n\n", r.met, r.missed, r.unmeasured)

	for _, s := range sections {
		fmt.Fprintf(b, "## %s\n\n%s\n\n", s.title, s.intro)
		b.WriteString("| Figure | Vigía | Peer | Ratio | Goal | Met? | Why |\n| --- | --- | --- | --- | --- | --- | --- |\n")
		for _, row := range s.rows {
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s |\n", row.figure, dash(row.ours), dash(row.peer), dash(row.ratio), dash(row.goal), row.verdict, dash(row.why))
		}
		b.WriteString("\n")
	}
	r.methods(b)
	r.commands(b)
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return strings.ReplaceAll(s, "|", "\\|")
}

// machine writes the machine and the run's context.
func (r *report) machine(b *strings.Builder) {
	cpu := "unknown"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	goVersion := strings.TrimSpace(output("go", "version"))
	commit := strings.TrimSpace(output("git", "-C", *root, "rev-parse", "HEAD"))
	if commit == "" {
		commit = "unknown (not a git checkout)"
	} else if strings.TrimSpace(output("git", "-C", *root, "status", "--porcelain", "--untracked-files=no")) != "" {
		commit += " with uncommitted changes"
	}
	kernel := strings.TrimSpace(output("uname", "-sr"))
	mem := "unknown"
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		if kv := parseMeminfo(string(data)); kv > 0 {
			mem = fmt.Sprintf("%.1f GiB", kv/1024/1024)
		}
	}
	load := func(f string) string {
		s := strings.TrimSpace(readFile(r.path(f)))
		if s == "" {
			return "?"
		}
		return strings.Join(strings.Fields(s)[:3], " ")
	}
	b.WriteString("## Machine\n\n| | |\n| --- | --- |\n")
	fmt.Fprintf(b, "| CPU | %s |\n| Cores (logical, as Go sees them) | %d |\n| Memory | %s |\n| Kernel | %s |\n| Go | %s |\n", cpu, runtime.NumCPU(), mem, kernel, goVersion)
	fmt.Fprintf(b, "| Commit | `%s` |\n", commit)
	start := *started
	if start == "" {
		start = "?"
	}
	fmt.Fprintf(b, "| Run | started %s, report written %s |\n", start, time.Now().UTC().Format(time.RFC3339))
	fmt.Fprintf(b, "| Load average (1, 5, 15 min) | at start %s; at end %s |\n", load("loadavg-start.txt"), load("loadavg-end.txt"))
	if s := strings.TrimSpace(readFile(r.path("settings.txt"))); s != "" {
		fmt.Fprintf(b, "| Settings | %s |\n", strings.ReplaceAll(s, "\n", "; "))
	}
	b.WriteString("\n")
}

func parseMeminfo(s string) float64 {
	for _, line := range strings.Split(s, "\n") {
		if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			f, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return f
		}
	}
	return 0
}

func readFile(path string) string {
	data, _ := os.ReadFile(path)
	return string(data)
}

func output(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return ""
	}
	return string(out)
}

// Formatting of figures.

func fmtNs(ns float64) string {
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e4:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	case ns >= 1e3:
		return fmt.Sprintf("%.2f µs", ns/1e3)
	case ns >= 100:
		return fmt.Sprintf("%.0f ns", ns)
	default:
		return fmt.Sprintf("%.1f ns", ns)
	}
}

func fmtBytes(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.2f MB", v/1e6)
	case v >= 1e4:
		return fmt.Sprintf("%.1f kB", v/1e3)
	default:
		return fmt.Sprintf("%.0f B", v)
	}
}

// cell describes a benchmark's medians: time, bytes and allocations per op.
func cell(b *bench) string {
	ns, ok := b.median("ns/op")
	if !ok {
		return ""
	}
	s := fmtNs(ns)
	if by, ok := b.median("B/op"); ok {
		s += fmt.Sprintf(", %s/op", fmtBytes(by))
	}
	if al, ok := b.median("allocs/op"); ok {
		s += fmt.Sprintf(", %.0f allocs", al)
	}
	if b.runs > 1 {
		s += fmt.Sprintf(" (n=%d)", b.runs)
	}
	return s
}

func fmtRatio(x float64) string {
	if x >= 10 {
		return fmt.Sprintf("%.0f×", x)
	}
	return fmt.Sprintf("%.2f×", x)
}

// pair starts a row of two benchmarks, ours against a peer or a baseline,
// and returns their medians of ns/op; ok is false, and the row says why
// when it has a goal, if either is missing.
func pair(set map[string]*bench, figure, ours, peer, peerName, goal, profDir string) (r row, on, pn float64, ok bool) {
	r = row{figure: figure, goal: goal, verdict: info, profDir: profDir, profBench: ours, profKind: "cpu"}
	o, p := set[ours], set[peer]
	r.ours = cell(o)
	if r.peer = cell(p); r.peer != "" {
		r.peer = peerName + ": " + r.peer
	}
	on, ok1 := o.median("ns/op")
	pn, ok2 := p.median("ns/op")
	if !ok1 || !ok2 {
		if goal != "" {
			r.verdict = unmeasured
			r.why = "benchmark output missing: see the raw output"
		}
		return r, 0, 0, false
	}
	return r, on, pn, true
}

// compare is a row comparing two benchmarks' ns/op: Vigía's should be at
// most maxRatio times the peer's.
func compare(set map[string]*bench, figure, ours, peer, peerName string, maxRatio float64, goal, profDir string) row {
	row, on, pn, ok := pair(set, figure, ours, peer, peerName, goal, profDir)
	if !ok {
		return row
	}
	x := on / pn
	row.ratio = fmtRatio(x)
	if x < 0.95 {
		row.ratio += fmt.Sprintf(" (%.1f× faster)", 1/x)
	}
	if goal != "" {
		row.verdict = check(x <= maxRatio)
	}
	return row
}

func (r *report) logging() []row {
	const dir = "bench"
	rows := []row{
		compare(r.peers, "Log record vs zap (JSON encoder, BufferedWriteSyncer → lumberjack)", "BenchmarkLogTask_Vigia", "BenchmarkLogTask_ZapBuffered", "zap", 1.2, "≤ 1.2× zap", dir),
		compare(r.peers, "Log record vs slog JSONHandler → lumberjack (unbuffered: one write per record)", "BenchmarkLogTask_Vigia", "BenchmarkLogTask_SlogLumberjack", "slog→lumberjack", 0.5, "≤ 0.5× (≥ 2× faster)", dir),
		compare(r.peers, "Same, console line formatted too (app run from a terminal), vs zap", "BenchmarkLogTask_VigiaConsole", "BenchmarkLogTask_ZapBuffered", "zap", 0, "", dir),
		compare(r.peers, "Floor of any slog handler (slog.Logger front end, handler does nothing), vs zap", "BenchmarkLogTask_SlogFrontEnd", "BenchmarkLogTask_ZapBuffered", "zap", 0, "", dir),
	}
	// What no slog handler can avoid, to read a miss by.
	floor, ok1 := r.peers["BenchmarkLogTask_SlogFrontEnd"].median("ns/op")
	ours, ok2 := r.peers["BenchmarkLogTask_Vigia"].median("ns/op")
	if ok1 && ok2 {
		for i := range rows[:2] {
			if rows[i].verdict == missed {
				rows[i].why = fmt.Sprintf("The slog.Logger front end alone (floor row) takes %s of Vigía's %s; the handler's own share is %s.", fmtNs(floor), fmtNs(ours), fmtNs(ours-floor))
			}
		}
	}
	return rows
}

// sse compares the openai model's stream reader with the official Go
// SDK's over the same 1000-chunk stream; one op is a whole call, so the
// ratio per op is the ratio per chunk.
func (r *report) sse() []row {
	const dir = "bench"
	ours, peer := "BenchmarkSSE/Vigia", "BenchmarkSSE/OpenAIGo"
	rows := []row{compare(r.peers, "Time per chunk (a streamed call of 1000 chunks)", ours, peer, "openai-go", 1, "≤ 1× openai-go", dir)}
	al := row{figure: "Allocations per chunk", goal: "≤ 1× openai-go", verdict: unmeasured, why: "benchmark output missing: see the raw output"}
	o, ok1 := r.peers[ours].median("allocs/chunk")
	p, ok2 := r.peers[peer].median("allocs/chunk")
	if ok1 && ok2 && p > 0 {
		al.ours, al.peer = fmt.Sprintf("%.2f", o), fmt.Sprintf("openai-go: %.2f", p)
		al.ratio, al.verdict, al.why = fmtRatio(o/p), check(o <= p), ""
	}
	return append(rows, al)
}

func (r *report) metrics() []row {
	const dir = "bench"
	return []row{
		compare(r.peers, "RecordRequest, one goroutine", "BenchmarkMetricsRecordRequest/vigia", "BenchmarkMetricsRecordRequest/prometheus", "client_golang histogram", 1, "≤ 1× (no slower)", dir),
		compare(r.peers, "RecordRequest, GOMAXPROCS goroutines", "BenchmarkMetricsRecordRequestParallel/vigia", "BenchmarkMetricsRecordRequestParallel/prometheus", "client_golang histogram", 1, "≤ 1× (no slower)", dir),
	}
}

func (r *report) cache() []row {
	const dir = "bench"
	var rows []row
	for _, mode := range []string{"Serial", "Parallel"} {
		ours := "BenchmarkCacheHit/" + mode + "/Vigia"
		m := strings.ToLower(mode)
		rows = append(rows,
			compare(r.peers, "Hit, "+m+", vs otter `Get` with a loader (the same operation)", ours, "BenchmarkCacheHit/"+mode+"/OtterGet", "otter Get", 1.5, "≤ 1.5× otter", dir),
			compare(r.peers, "Hit, "+m+", vs otter `GetIfPresent` (no loader: otter's floor)", ours, "BenchmarkCacheHit/"+mode+"/OtterGetIfPresent", "otter GetIfPresent", 1.5, "≤ 1.5× otter", dir),
			compare(r.peers, "Hit, "+m+", vs golang-lru `expirable`", ours, "BenchmarkCacheHit/"+mode+"/GolangLRU", "golang-lru expirable", 0.2, "≤ 0.2× (≥ 5× faster)", dir),
			compare(r.peers, "Hit, "+m+", vs ttlcache", ours, "BenchmarkCacheHit/"+mode+"/TTLCache", "ttlcache", 0.2, "≤ 0.2× (≥ 5× faster)", dir),
		)
	}
	// A hit is an otter hit plus statistics: when Vigía is not 5× faster
	// than a peer, say how far otter itself is from it.
	for i := range rows {
		row := &rows[i]
		if row.verdict != missed || !strings.Contains(row.goal, "≥ 5×") {
			continue
		}
		mode := strings.Split(row.profBench, "/")[1]
		peer := "GolangLRU"
		if strings.Contains(row.figure, "ttlcache") {
			peer = "TTLCache"
		}
		o, ok1 := r.peers["BenchmarkCacheHit/"+mode+"/OtterGet"].median("ns/op")
		p, ok2 := r.peers["BenchmarkCacheHit/"+mode+"/"+peer].median("ns/op")
		v, ok3 := r.peers[row.profBench].median("ns/op")
		switch {
		case !ok1 || !ok2 || !ok3:
		case o/p > 0.2:
			row.why = fmt.Sprintf("A hit is otter's Get plus statistics (%s against %s for otter's Get in this run), and otter's Get itself takes %s the peer's time here: a cache built on otter cannot be 5× faster than this peer", fmtNs(v), fmtNs(o), fmtRatio(o/p))
		default:
			row.why = fmt.Sprintf("otter's Get is %s the peer's time, but Vigía's hit costs %s otter's Get: its statistics and wrapping make the difference", fmtRatio(o/p), fmtRatio(v/o))
		}
	}
	return rows
}

// budget is a row whose figure must stay within a time (and maybe a bytes)
// budget.
func budget(set map[string]*bench, figure, name string, maxNs, maxBytes float64, goal, dir string) row {
	row := row{figure: figure, goal: goal, profDir: dir, profBench: name, profKind: "cpu"}
	b := set[name]
	row.ours = cell(b)
	ns, ok := b.median("ns/op")
	if !ok {
		row.verdict = unmeasured
		row.why = "benchmark output missing: see the raw output"
		return row
	}
	row.peer = "budget " + fmtNs(maxNs)
	row.ratio = fmtRatio(ns/maxNs) + " of the time budget"
	okTime := ns <= maxNs
	okBytes := true
	if maxBytes > 0 {
		by, _ := b.median("B/op")
		row.peer += ", " + fmtBytes(maxBytes)
		row.ratio += ", " + fmtRatio(by/maxBytes) + " of the bytes budget"
		okBytes = by <= maxBytes
		if !okBytes && okTime {
			row.profKind = "mem"
		}
	}
	row.verdict = check(okTime && okBytes)
	return row
}

func (r *report) task() []row {
	rows := []row{
		budget(r.engine, "Task path, model not cacheable (every task runs the model)", "BenchmarkTaskPathUncached", 2000, 0, "≤ 2 µs", "engine"),
		budget(r.engine, "Task path, cacheable model (every task after the first is a cache hit)", "BenchmarkTaskPathCached", 2000, 0, "≤ 2 µs", "engine"),
	}
	// Parts measured apart in the other tables, to read a miss by.
	var parts []string
	if ns, ok := r.peers["BenchmarkLogTask_Vigia"].median("ns/op"); ok {
		parts = append(parts, "the `event=task` record alone takes "+fmtNs(ns)+" (logging table)")
	}
	if ns, ok := r.peers["BenchmarkMetricsRecordRequest/vigia"].median("ns/op"); ok {
		parts = append(parts, "RecordRequest "+fmtNs(ns))
	}
	hit, okHit := r.peers["BenchmarkCacheHit/Serial/Vigia"].median("ns/op")
	for i := range rows {
		if rows[i].verdict != missed || len(parts) == 0 {
			continue
		}
		p := parts
		if i == 1 && okHit {
			p = append(slices.Clone(parts), "a cache hit "+fmtNs(hit))
		}
		rows[i].why = "Of the whole, " + strings.Join(p, ", ") + "."
	}
	return rows
}

// added is a row whose figure must add at most maxNs to a baseline's
// ns/op (an absolute goal, where compare's is a ratio); the ratio column
// shows the time and the allocations added, and the ratio.
func added(set map[string]*bench, figure, name, base, baseName string, maxNs float64, goal, dir string) row {
	row, on, pn, ok := pair(set, figure, name, base, baseName, goal, dir)
	if !ok {
		return row
	}
	o, p := set[name], set[base]
	row.ratio = "+" + fmtNs(on-pn)
	if on < pn {
		row.ratio = "−" + fmtNs(pn-on)
	}
	oa, ok1 := o.median("allocs/op")
	pa, ok2 := p.median("allocs/op")
	if ok1 && ok2 {
		row.ratio += fmt.Sprintf(", %+.0f allocs", oa-pa)
	}
	row.ratio += " (" + fmtRatio(on/pn) + ")"
	if goal != "" {
		row.verdict = check(on-pn <= maxNs)
	}
	return row
}

// otel compares a task with OpenTelemetry on (collector up, collector
// down) against the same task with it off: issue 19's goal is at most
// 1 µs added.
func (r *report) otel() []row {
	const dir, off = "engine", "BenchmarkOTelTask/off"
	rows := []row{
		added(r.engine, "Task, telemetry on, collector up (spans, log records and metrics exported)", "BenchmarkOTelTask/on-up", off, "off", 1000, "≤ 1 µs added", dir),
		added(r.engine, "Task, telemetry on, collector down (closed port: exports refused, spans and records dropped and counted)", "BenchmarkOTelTask/on-down", off, "off", 1000, "≤ 1 µs added", dir),
		added(r.engine, "Task, collector up, spans only (`OTEL_LOGS_EXPORTER=none`, `OTEL_METRICS_EXPORTER=none`): the span's share", "BenchmarkOTelTask/on-up-spans-only", off, "off", 0, "", dir),
	}
	for i, name := range []string{"BenchmarkOTelTask/on-up", "BenchmarkOTelTask/on-down"} {
		if d, ok := r.engine[name].median("dropped/op"); ok {
			rows[i].why = fmt.Sprintf("%.2f spans and log records dropped per task", d)
		}
	}
	// Split a miss: the span alone against the log bridge and the exports.
	o, ok1 := r.engine[off].median("ns/op")
	s, ok2 := r.engine["BenchmarkOTelTask/on-up-spans-only"].median("ns/op")
	u, ok3 := r.engine["BenchmarkOTelTask/on-up"].median("ns/op")
	if ok1 && ok2 && ok3 {
		for i := range rows[:2] {
			if rows[i].verdict != missed {
				continue
			}
			why := fmt.Sprintf("Of the %s added with the collector up, the span alone (spans-only row) adds %s; "+
				"the log bridge (each `event=task` record flattened, `logging/handler.go` `flat`, then otelslog and the SDK's log record) and the log and metric exports, "+
				"which share the 2 cores, the other %s", fmtNs(u-o), fmtNs(s-o), fmtNs(u-s))
			if rows[i].why != "" {
				why = strings.TrimSuffix(rows[i].why, ".") + ". " + why
			}
			rows[i].why = why
		}
	}
	return rows
}

func (r *report) chartRows() []row {
	const dir = "charts"
	rows := []row{
		budget(r.charts, "Model usage bars (`ModelUsage`)", "BenchmarkModelUsage", 15e6, 3e6, "≤ 15 ms and ≤ 3 MB", dir),
		budget(r.charts, "Response time, 2 × 900 points (`Lines`)", "BenchmarkLines", 15e6, 3e6, "≤ 15 ms and ≤ 3 MB", dir),
		budget(r.charts, "Memory, 2 smooth series × 900 points (`Lines`)", "BenchmarkLinesMemory", 15e6, 3e6, "≤ 15 ms and ≤ 3 MB", dir),
		budget(r.charts, "Worst case: 2 × 900 random points (`Lines`)", "BenchmarkLinesNoise", 15e6, 3e6, "≤ 15 ms and ≤ 3 MB", dir),
		budget(r.charts, "Empty state (`Empty`)", "BenchmarkEmpty", 15e6, 3e6, "≤ 15 ms and ≤ 3 MB", dir),
		budget(r.charts, "Sparkline, 900 values at 120×32 (`Sparkline`)", "BenchmarkSparkline", 15e6, 3e6, "≤ 15 ms and ≤ 3 MB", dir),
	}
	k := r.charts["BenchmarkLinesKey"]
	rows = append(rows, row{figure: "Cache key of a `Lines` chart (`LinesKey`: what a refresh costs when nothing changed)", ours: cell(k), verdict: info})
	return rows
}

func (r *report) app() []row {
	var rows []row
	frames := parseResults(r.path("frames.txt"), "program")
	v, h, hs := frames["vigia"], frames["fyne-hello"], frames["fyne-hello-sized"]
	vf, ok1 := num(v, "frame_ms")
	hf, ok2 := num(h, "frame_ms")
	ttff := row{figure: "Time to first frame (exec → window mapped and painted)", goal: "≤ 1.2× the bare Fyne window"}
	if ok1 && ok2 {
		vm, _ := num(v, "mapped_ms")
		hm, _ := num(h, "mapped_ms")
		ttff.ours = fmt.Sprintf("%.0f ms (median of %s)", vf, v["runs"])
		ttff.peer = fmt.Sprintf("fyne hello: %.0f ms", hf)
		ttff.ratio = fmtRatio(vf / hf)
		ttff.verdict = check(vf <= 1.2*hf)
		if ttff.verdict == missed {
			ttff.why = fmt.Sprintf("exec → mapped: %.0f ms against %.0f ms (%s); mapped → first frame: %.0f ms against %.0f ms (%s)", vm, hm, fmtRatio(vm/hm), vf-vm, hf-hm, fmtRatio((vf-vm)/max(hf-hm, 1)))
			ttff.why += startProfile(readFile(r.path("start-profile.txt")))
		}
		rows = append(rows, ttff, row{
			figure: "of which: exec → window mapped", ours: fmt.Sprintf("%.0f ms", vm), peer: fmt.Sprintf("fyne hello: %.0f ms", hm),
			ratio: fmtRatio(vm / hm), verdict: info,
		})
		// The bare window at Vigía's size clears and paints as many pixels.
		if sf, ok := num(hs, "frame_ms"); ok {
			rows = append(rows, row{
				figure: "Time to first frame, against the bare window at Vigía's size", ours: fmt.Sprintf("%.0f ms", vf),
				peer: fmt.Sprintf("fyne hello at Vigía's size: %.0f ms", sf), ratio: fmtRatio(vf / sf), goal: "≤ 1.2× the bare Fyne window",
				verdict: check(vf <= 1.2*sf),
			})
		}
	} else {
		ttff.verdict, ttff.why = unmeasured, "bench/cmd/firstframe failed: see frames.txt"
		rows = append(rows, ttff)
	}

	idle := readFile(r.path("idle.txt"))
	m := regexp.MustCompile(`idle CPU, (\d+) s: fyne hello ([\d.]+) %, vigia with dashboard ([\d.]+) %`).FindStringSubmatch(idle)
	cpu := row{figure: "Idle CPU with the dashboard open (% of one core)", goal: "≤ +1 percentage point over the bare Fyne window"}
	if m != nil {
		vc, _ := strconv.ParseFloat(m[3], 64)
		hc, _ := strconv.ParseFloat(m[2], 64)
		cpu.ours = fmt.Sprintf("%.2f %% (over %s s)", vc, m[1])
		cpu.peer = fmt.Sprintf("fyne hello: %.2f %%", hc)
		cpu.ratio = fmt.Sprintf("%+.2f points", vc-hc)
		cpu.verdict = check(vc-hc <= 1)
		cpu.why = idleRounds(idle)
		if cpu.verdict == missed {
			cpu.why = fmt.Sprintf("%.2f points over the bare window; %s", vc-hc, cpu.why)
			cpu.why += idleProfile(readFile(r.path("idle-profile.txt")), vc)
		}
	} else {
		cpu.verdict, cpu.why = unmeasured, "scripts/dashboard-budget.sh failed: see idle.txt"
	}
	rows = append(rows, cpu)
	if m := regexp.MustCompile(`load test: (\d+) tasks; longest UI-goroutine wait over the run: ([\d.]+) ms`).FindStringSubmatch(idle); m != nil {
		rows = append(rows, row{figure: "Longest UI-goroutine wait during a 200 requests/s load test, dashboard open (`ui_probe`)", ours: m[2] + " ms (" + m[1] + " tasks)", verdict: info})
	}

	vr, ok1 := num(v, "rss_kb")
	hr, ok2 := num(h, "rss_kb")
	if ok1 && ok2 {
		rows = append(rows, row{
			figure: "RSS after start (window painted + 2 s)", ours: fmt.Sprintf("%.1f MB", vr/1024), peer: fmt.Sprintf("fyne hello: %.1f MB", hr/1024),
			ratio: fmtRatio(vr / hr), goal: "", verdict: info, why: fmt.Sprintf("%+.1f MB over the bare window", (vr-hr)/1024),
		})
	}
	gui := readKV(r.path("rss-gui.txt"))
	if a, ok := num(gui, "rss_after_kb"); ok && gui["ok"] == "1" {
		s, _ := num(gui, "rss_start_kb")
		hwm, _ := num(gui, "hwm_kb")
		secs, _ := num(gui, "seconds")
		row := row{
			figure: "RSS after 100 000 tasks, run from the window's Load test tab (chaos, 0 s latency, 10 % errors, 1 % panics, 8 at a time)",
			ours:   fmt.Sprintf("%.1f MB (%.1f MB before the test, peak %.1f MB; %.1f s)", a/1024, s/1024, hwm/1024, secs),
			why:    fmt.Sprintf("%+.1f MB over the same process before the test", (a-s)/1024),
		}
		if ok2 {
			row.peer = fmt.Sprintf("fyne hello after start: %.1f MB", hr/1024)
			row.ratio = fmtRatio(a / hr)
		}
		rows = append(rows, row)
	} else {
		why := "the window could not be driven: see rss-gui.txt; the command-line figure below stands in for it"
		if gui != nil && gui["error"] != "" {
			why = gui["error"] + "; the command-line figure below stands in for it"
		}
		rows = append(rows, row{figure: "RSS after 100 000 tasks from the window's Load test tab", verdict: info, why: why})
	}
	cli := readKV(r.path("rss-cli.txt"))
	if a, ok := num(cli, "rss_last_kb"); ok {
		hwm, _ := num(cli, "hwm_kb")
		secs, _ := num(cli, "seconds")
		rows = append(rows, row{
			figure: "RSS of `vigia load` (no window) at the end of the same 100 000 tasks",
			ours:   fmt.Sprintf("%.1f MB (peak %.1f MB; %.1f s)", a/1024, hwm/1024, secs), verdict: info,
		})
	}
	return rows
}

func (r *report) heap() []row {
	res := parseResults(r.path("heap.txt"), "recorder")
	v, s := res["vigia"], res["seed"]
	vg, ok1 := num(v, "growth_bytes")
	sg, ok2 := num(s, "growth_bytes")
	grow := row{figure: "Heap growth over 10 M requests", goal: "< 1 MB growth"}
	if !ok1 || !ok2 {
		grow.verdict, grow.why = unmeasured, "bench/cmd/heapgrowth failed: see heap.txt"
		return []row{grow}
	}
	n := v["requests"]
	if k, err := strconv.Atoi(n); err == nil && k%1_000_000 == 0 {
		n = fmt.Sprintf("%d M", k/1_000_000)
	}
	grow.figure = fmt.Sprintf("Heap growth over %s requests", n)
	grow.ours = fmtBytes(vg)
	grow.peer = "seed's list of floats: " + fmtBytes(sg)
	if sg > 0 && vg > 0 {
		grow.ratio = fmt.Sprintf("1/%.0f", sg/vg)
	} else if sg > 0 {
		grow.ratio = "0×"
	}
	grow.verdict = check(vg < 1e6)
	if grow.verdict == missed {
		grow.why = "the Collector's memory grows with the number of requests"
	}
	vf, _ := num(v, "fixed_bytes")
	sf, _ := num(s, "fixed_bytes")
	vt, _ := num(v, "total_bytes")
	st, _ := num(s, "total_bytes")
	return []row{grow,
		{figure: "Fixed cost: the recorder once it has seen one request per model", ours: fmtBytes(vf), peer: "seed: " + fmtBytes(sf), ratio: fmtRatio(vf / max(sf, 1)), verdict: info,
			why: "the Collector's histograms and its 15-minute per-second series are allocated up front"},
		{figure: fmt.Sprintf("Total heap of the recorder after %s requests", n), ours: fmtBytes(vt), peer: "seed: " + fmtBytes(st), ratio: fmtRatio(vt / max(st, 1)), verdict: info},
	}
}

// profileRow runs the row's benchmark once under a profiler and returns the
// top entries of go tool pprof -top.
func (r *report) profileRow(row *row) string {
	key := row.profDir + " " + row.profBench + " " + row.profKind
	if why, ok := r.profiles[key]; ok {
		return why
	}
	why := r.runProfile(row)
	if r.profiles == nil {
		r.profiles = map[string]string{}
	}
	r.profiles[key] = why
	return why
}

func (r *report) runProfile(row *row) string {
	dir := filepath.Join(*root, row.profDir)
	parts := strings.Split(row.profBench, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	pattern := strings.Join(parts, "/")
	base := strings.NewReplacer("/", "_", " ", "_").Replace(row.profBench) + "." + row.profKind
	profDir, _ := filepath.Abs(r.path("profiles"))
	_ = os.MkdirAll(profDir, 0o755)
	prof := filepath.Join(profDir, base+".prof")
	bin := filepath.Join(profDir, base+".test")
	flagName, index := "-cpuprofile", ""
	if row.profKind == "mem" {
		flagName, index = "-memprofile", "-sample_index=alloc_space"
	}
	args := []string{"test", "-run", "^$", "-bench", pattern, "-benchtime", *benchtime, "-count", "1", "-benchmem", flagName, prof, "-o", bin, "."}
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	if _, err := cmd.CombinedOutput(); err != nil {
		r.profiled = append(r.profiled, fmt.Sprintf("(cd %s && go %s)  # failed: %v", row.profDir, strings.Join(quoteAll(args), " "), err))
		return ""
	}
	r.profiled = append(r.profiled, fmt.Sprintf("(cd %s && go %s)", row.profDir, strings.Join(quoteAll(args), " ")))
	pargs := []string{"tool", "pprof", "-top", "-nodecount=12"}
	if index != "" {
		pargs = append(pargs, index)
	}
	pargs = append(pargs, bin, prof)
	out, err := exec.Command("go", pargs...).Output()
	if err != nil {
		return ""
	}
	r.profiled = append(r.profiled, "go "+strings.Join(pargs, " "))
	top := topEntries(string(out), 4)
	if len(top) == 0 {
		return ""
	}
	what := "CPU profile, top by flat time"
	if row.profKind == "mem" {
		what = "allocation profile, top by bytes"
	}
	return what + ": " + strings.Join(top, ", ")
}

func quoteAll(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if strings.ContainsAny(a, "^$*/ ") {
			a = "'" + a + "'"
		}
		out[i] = a
	}
	return out
}

var pprofLine = regexp.MustCompile(`^\s*([\d.]+\w*)\s+([\d.]+)%\s+([\d.]+)%\s+([\d.]+\w*)\s+([\d.]+)%\s+(.+)$`)

// topEntries returns the first n entries of pprof -top as "func flat%",
// leaving out the benchmark harness itself.
func topEntries(out string, n int) []string {
	var top []string
	for _, line := range strings.Split(out, "\n") {
		m := pprofLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		fn := shortFunc(m[6])
		if strings.HasPrefix(fn, "testing.") {
			continue
		}
		top = append(top, fmt.Sprintf("`%s` %s%%", fn, m[2]))
		if len(top) == n {
			break
		}
	}
	return top
}

var totalSamples = regexp.MustCompile(`Duration: ([\d.]+\w*), Total samples = [\d.]+\w* \(\s*([\d.]+)%\)`)

// idleRound matches a round of scripts/dashboard-budget.sh: both programs
// measured over the same seconds.
var idleRound = regexp.MustCompile(`round \d+, (\d+) s: fyne hello ([\d.]+) %, vigia with dashboard ([\d.]+) %`)

// idleRounds says how the rounds of idle.txt went, one difference each;
// empty when there are none.
func idleRounds(idle string) string {
	var diffs []string
	secs := ""
	for _, m := range idleRound.FindAllStringSubmatch(idle, -1) {
		h, _ := strconv.ParseFloat(m[2], 64)
		v, _ := strconv.ParseFloat(m[3], 64)
		diffs = append(diffs, fmt.Sprintf("%+.2f", v-h))
		secs = m[1]
	}
	if len(diffs) == 0 {
		return ""
	}
	return fmt.Sprintf("%d rounds of %s s, both programs at once: %s points", len(diffs), secs, strings.Join(diffs, ", "))
}

// idleProfile sums up go tool pprof -top -cum of Vigía idle: the share of a
// core its Go code used, and its own functions that took the most of it.
func idleProfile(out string, measured float64) string {
	m := totalSamples.FindStringSubmatch(out)
	if m == nil {
		return ""
	}
	s := fmt.Sprintf(". CPU profile of Vigía idle with the dashboard open (debug mode, as measured; a separate run of %s): %s %% of a core on Go threads", m[1], m[2])
	if g, err := strconv.ParseFloat(m[2], 64); err == nil && g < measured {
		s += fmt.Sprintf(", so about %.1f of the %.2f %% ran on threads the Go profiler does not sample (such as Mesa's software-rendering threads) or differs between the two runs", measured-g, measured)
	}
	// Landmarks: where the samples went, by cumulative share; then up to
	// three of Vigía's own functions.
	parts := shares(out, []landmark{
		{"glfw.(*gLDriver).repaintWindow", "repainting the window"},
		{"gl.(*painter).newGlTextTexture", "rasterising text into textures"},
		{"runtime.gcBgMarkWorker", "garbage collection"},
	}, 3)
	if len(parts) > 0 {
		s += "; cumulative shares of those samples: " + strings.Join(parts, ", ")
	}
	return s
}

// landmark is a function of a profile worth naming in a Why: what it does.
type landmark struct{ fn, what string }

// shares lists the cumulative share, in go tool pprof -top -cum output, of
// each landmark found, and of the first own functions of Vigía's packages
// (less the roots every sample passes through).
func shares(out string, landmarks []landmark, own int) []string {
	var parts []string
	for _, line := range strings.Split(out, "\n") {
		p := pprofLine.FindStringSubmatch(line)
		if p == nil {
			continue
		}
		for _, l := range landmarks {
			if strings.HasSuffix(p[6], l.fn) {
				parts = append(parts, fmt.Sprintf("%s (`%s`) %s%%", l.what, shortFunc(p[6]), p[5]))
			}
		}
		if cum, _ := strconv.ParseFloat(p[5], 64); strings.HasPrefix(p[6], "vigia/") && cum <= 50 && own > 0 {
			parts = append(parts, fmt.Sprintf("`%s` %s%%", shortFunc(p[6]), p[5]))
			own--
		}
	}
	return parts
}

// startProfile sums up go tool pprof -top -cum of Vigía's starts: the
// cumulative share of the landmarks of a start.
func startProfile(out string) string {
	m := totalSamples.FindStringSubmatch(out)
	if m == nil {
		return ""
	}
	parts := shares(out, []landmark{
		{"engine.New", "starting the engine"},
		{"ui.(*sessionWindow).makeContent", "making and laying out the window's widgets (beside the GL window's creation, on the other core)"},
		{"painter.CachedFontFace", "parsing font faces (one set per text style: the theme's font, the emoji font, a system font for the locale)"},
		{"painter.MeasureString", "shaping text to measure it"},
		{"glfw.(*window).create", "creating the GL window"},
		{"glfw.(*gLDriver).repaintWindow", "painting"},
		{"gl.(*painter).newGlTextTexture", "rasterising text into textures"},
	}, 0)
	if len(parts) == 0 {
		return ""
	}
	return ". CPU profile of Vigía's starts (exec to the window painted, merged; Go threads only): " + strings.Join(parts, ", ")
}

// shortFunc shortens a pprof function name: type arguments become "…" and
// the package path is left out.
func shortFunc(fn string) string {
	fn = strings.TrimSuffix(fn, " (inline)")
	var b strings.Builder
	depth := 0
	for _, c := range fn {
		switch {
		case c == '[':
			if depth == 0 {
				b.WriteString("[…")
			}
			depth++
		case c == ']':
			depth--
			if depth == 0 {
				b.WriteByte(']')
			}
		case depth == 0:
			b.WriteRune(c)
		}
	}
	fn = b.String()
	if i := strings.LastIndex(fn, "/"); i >= 0 {
		fn = fn[i+1:]
	}
	return fn
}

// methods says how each figure is measured.
func (r *report) methods(b *strings.Builder) {
	b.WriteString(`## How each figure is measured

- **Benchmarks** (logging, metrics, cache, task path, OpenTelemetry, charts): ` + "`go test -bench`" + ` with ` + "`-benchmem`" + ` and ` + "`-count`" + ` runs; each cell is the median of the runs (n = runs), parsed by ` + "`bench/cmd/perfreport`" + `. Peers run in the same process, in the same ` + "`go test`" + ` invocation, with the same inputs.
- **Time to first frame**: ` + "`bench/cmd/firstframe`" + ` starts the program under Xvfb (` + "`-br`" + `: black root, no window manager) and times from just before the exec to (a) the X server's MapNotify for the window whose name matches, received as an event on the root window, and (b) the first moment the mapped window shows two colours other than black in rows sampled across it, 32 or one every 8 pixels (XGetImage every 2 ms): the first frame drawn with something in it (a window only cleared shows its background and black; the shots of each run, in bench/out/frames, show what was taken for the frame). One warm-up run per program is discarded; then the programs (the bare window, the bare window at Vigía's size, Vigía) take turns, so a change in the machine's load weighs on all of them; the median is reported. Each program has its own fresh HOME, shared by its runs.
- **RSS after start**: VmRSS from /proc/PID/status 2 s after that first frame, in the same runs; median.
- **Idle CPU**: ` + "`scripts/dashboard-budget.sh SECONDS ROUNDS`" + `: the bare window and Vigía with its dashboard tab open (Ctrl+3, debug mode) run at once, and utime+stime from /proc/PID/stat is read for both over the same SECONDS, ROUNDS times in a row, after 3 s of settling: the machine's noise weighs on both alike. SECONDS is a multiple of 60, the rhythm of an idle dashboard (it refreshes once a minute when no new figures came for a minute, as here, where no task runs), so each round holds as many of its refreshes. The figure is over all rounds; the Why column lists each round's difference. Its second line is the longest wait of the UI goroutine (Vigía's ` + "`ui_probe`" + ` records) during the default 1000-request load test at about 200 requests/s.
- **RSS after 100 000 tasks**: Vigía's window is driven with xdotool under Xvfb: Ctrl+2 opens the Load test tab, Tab presses (one per model check box, then one) focus the Requests entry, Ctrl+A and typing set 100000, Tab and 8 set the concurrency, Tab and Ctrl+A, Backspace leave the rate empty (a closed loop), Tab and four lines set the parameters (latency=0s, jitter=0s, error_rate=0.1, panic_rate=0.01), Ctrl+L starts the test. The ` + "`load_start`" + ` record in app.log must say ` + "`requests=100000 concurrency=8`" + ` or the figure is refused. The end is when app.log holds 100 000 ` + "`event=task`" + ` records (the app runs with ` + "`--log-max-size-mb 100`" + ` so that app.log is not rotated during the test and can be counted), then 2 s more; VmRSS and VmHWM (peak) are read from /proc. The command-line figure runs ` + "`vigia load`" + ` with the same parameters and samples VmRSS every 100 ms; the last sample before the exit and VmHWM are reported.
- **Heap after 10 M requests**: ` + "`bench/cmd/heapgrowth`" + `, described above; one run (the figure is deterministic to within a few hundred bytes).
- **Why**: for a benchmark that misses its goal, the report runs it once more under ` + "`-cpuprofile`" + ` (` + "`-memprofile`" + ` when only its bytes miss) and lists the top entries of ` + "`go tool pprof -top`" + ` (harness frames left out). For the window figures the Why is read from the numbers.

`)
}

func (r *report) commands(b *strings.Builder) {
	b.WriteString("## Commands\n\nRun from the repository's root by `bench/report.sh`, in this order; `rss_gui`, `rss_cli` and `profile_idle` are shell functions of that script, summed up in their comments. Raw outputs are kept in `bench/out/`.\n\n```sh\n")
	for _, line := range strings.Split(strings.TrimSpace(readFile(r.path("commands.tsv"))), "\n") {
		step, c, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		fmt.Fprintf(b, "# %s\n%s\n", step, c)
	}
	if len(r.profiled) > 0 {
		b.WriteString("# profiles of the benchmarks that missed their goal\n")
		for _, c := range r.profiled {
			b.WriteString(c + "\n")
		}
	}
	b.WriteString("```\n")
}
