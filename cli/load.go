package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"vigia/engine"
	"vigia/metrics"
	"vigia/models"
)

// sampleText is the input of a load test given none: a paragraph of the
// seed's own subject, so the local models have real work to do.
const sampleText = `Monitoring an application means knowing, at any moment, how many requests it served, ` +
	`how many failed and how long they took. Good logs tell the story of each session; metrics tell ` +
	`the story of all of them. A cache makes repeated work cheap, but only a cache you can observe ` +
	`is one you can trust. When memory grows, you want to see it before your users feel it.`

// maxConcurrency bounds --concurrency: more goroutines than this only
// measure the scheduler.
const maxConcurrency = 1024

func loadFlags(fs *flag.FlagSet) func(context.Context, Config, []string, Env) int {
	names := fs.String("model", "", "the models to load, comma-separated (see 'vigia models')")
	requests := fs.Int("requests", 100, "how many tasks to run in all")
	concurrency := fs.Int("concurrency", 4, "how many tasks run at once; with --rate, the most in flight (default: no cap)")
	rate := fs.Float64("rate", 0, "send `R` requests a second with Poisson arrivals, as vLLM's --request-rate; inf sends all at once (default: a closed loop of --concurrency)")
	p := params{}
	fs.Var(p, "param", "a model parameter as name=value, for every model that has it (repeatable)")
	input := fs.String("input", "", "read the input from FILE (- for standard input); default: a built-in paragraph")
	asJSON := fs.Bool("json", false, "print the summary as one JSON object")
	linger := fs.Duration("metrics-linger", 0, "with --metrics-addr, keep serving the final figures this long after the test, for a last scrape")
	export := fs.String("export", "", "also write the session's figures (summary, models, per-second series) to FILE: .csv for CSV, else JSON")
	return func(ctx context.Context, cfg Config, args []string, env Env) int {
		switch {
		case *names == "":
			return usageErr(env, "load needs --model NAME[,NAME…] (see 'vigia models')")
		case *requests < 1:
			return usageErr(env, "--requests must be at least 1, got %d", *requests)
		case *concurrency < 1 || *concurrency > maxConcurrency:
			return usageErr(env, "--concurrency must be between 1 and %d, got %d", maxConcurrency, *concurrency)
		case math.IsNaN(*rate) || *rate < 0:
			return usageErr(env, "--rate must be a number of requests a second above 0, or inf, got %v", *rate)
		case len(args) > 0:
			return usageErr(env, "load takes its input from --input, not arguments (got %q)", args[0])
		}
		inFlight := *concurrency
		if *rate > 0 && !flagSet(fs, "concurrency") {
			inFlight = 0 // arrivals are not held back unless asked
		}
		targets, err := engine.PrepareTargets(env.Models(), strings.Split(*names, ","), p)
		if err != nil {
			return usageErr(env, "%v", err)
		}
		text := sampleText
		if *input != "" {
			if text, err = readInput(*input, nil, env, models.DefaultMaxInput); err != nil {
				fmt.Fprintf(env.Stderr, "vigia: %v\n", err)
				return ExitFailed
			}
		}

		e, s, sctx, ok := startSession(ctx, cfg, env)
		if !ok {
			return ExitFailed
		}
		defer closeEngine(e, env)
		var progress func(engine.Progress)
		if env.Terminal && !*asJSON {
			progress = func(p engine.Progress) { drawProgress(env.Stderr, p) }
		}
		final := e.Load(sctx, engine.LoadSpec{Targets: targets, Text: text, Requests: *requests, Concurrency: inFlight, Rate: *rate}, progress)
		if progress != nil {
			fmt.Fprintln(env.Stderr)
		}
		elapsed := final.Elapsed
		sum := e.SessionSummary(s.ID())
		st := e.Cache().Stats()
		if *export != "" {
			if err := exportReport(e, s.ID(), *export); err != nil {
				fmt.Fprintf(env.Stderr, "vigia: can't export the figures: %v\n", err)
			}
		}
		e.Sessions().End(s)

		if cfg.MetricsAddr != "" && *linger > 0 && ctx.Err() == nil {
			select { // a scraper's last look at the final counts
			case <-time.After(*linger):
			case <-ctx.Done():
			}
		}
		rep := newReport(sum, st.Hits, st.Misses, elapsed)
		status := ExitOK
		if ctx.Err() != nil {
			fmt.Fprintf(env.Stderr, "vigia: load test interrupted after %d of %d requests\n", rep.TotalRequests, *requests)
			status = ExitCanceled
		}
		if *asJSON {
			if code := printJSON(env, rep); code != ExitOK {
				return code
			}
			return status
		}
		rep.print(env.Stdout, *names, mode(inFlight, *rate))
		return status
	}
}

func drawProgress(w io.Writer, p engine.Progress) {
	const width = 30
	filled := int(p.Done * width / p.Total)
	fmt.Fprintf(w, "\r[%s%s] %d/%d  errors %d  %.1fs ", strings.Repeat("#", filled), strings.Repeat(".", width-filled),
		p.Done, p.Total, p.Failed, p.Elapsed.Seconds())
}

// loadReport is the summary of a load test; its JSON form is documented in the
// README and read by scripts.
type loadReport struct {
	TotalRequests int64            `json:"total_requests"`
	ErrorCount    int64            `json:"error_count"`
	ErrorRate     float64          `json:"error_rate"`
	AvgResponseMS float64          `json:"avg_response_time_ms"`
	P50MS         float64          `json:"p50_ms"`
	P95MS         float64          `json:"p95_ms"`
	P99MS         float64          `json:"p99_ms"`
	MaxMS         float64          `json:"max_ms"`
	ModelUsage    map[string]int64 `json:"model_usage"`
	ErrorsByType  map[string]int64 `json:"errors_by_type"`
	Cache         cacheReport      `json:"cache"`
	DurationS     float64          `json:"duration_s"`
	ThroughputRPS float64          `json:"throughput_rps"`

	// The serving benchmark's figures (vLLM's bench serve, llmperf):
	// requests_per_s always; the rest when LLM calls ran.
	RequestsPerS     float64   `json:"requests_per_s"`
	OutputTokensPerS *float64  `json:"output_tokens_per_s,omitempty"`
	TokensIn         *int64    `json:"tokens_in,omitempty"`
	TokensOut        *int64    `json:"tokens_out,omitempty"`
	TokensEstimated  *int64    `json:"tokens_estimated_calls,omitempty"`
	TTFTMS           *quantile `json:"ttft_ms,omitempty"`
	TPOTMS           *quantile `json:"tpot_ms,omitempty"`
	ITLMS            *quantile `json:"itl_ms,omitempty"`
	E2EMS            *quantile `json:"e2e_ms,omitempty"`
}

// quantile is one figure's p50, p90 and p99 in a load report.
type quantile struct {
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
	P99 float64 `json:"p99"`
}

func quantileOf(q metrics.Quantiles) *quantile {
	return &quantile{P50: msOf(q.P50), P90: msOf(q.P90), P99: msOf(q.P99)}
}

// mode describes how a load test sent its requests, for its report.
func mode(concurrency int, rate float64) string {
	switch {
	case rate > 0 && concurrency > 0:
		return fmt.Sprintf("rate %s, at most %d in flight", rateString(rate), concurrency)
	case rate > 0:
		return "rate " + rateString(rate)
	}
	return fmt.Sprintf("concurrency %d", concurrency)
}

func rateString(rate float64) string {
	if math.IsInf(rate, 1) {
		return "inf (all at once)"
	}
	return strconv.FormatFloat(rate, 'g', -1, 64) + "/s"
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

type cacheReport struct {
	Hits   int64 `json:"hits"`
	Misses int64 `json:"misses"`
}

func msOf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func newReport(s metrics.Summary, hits, misses int64, elapsed time.Duration) loadReport {
	r := loadReport{
		TotalRequests: s.TotalRequests,
		ErrorCount:    s.Errors,
		ErrorRate:     s.ErrorRate,
		AvgResponseMS: msOf(s.AvgResponseTime),
		P50MS:         msOf(s.P50),
		P95MS:         msOf(s.P95),
		P99MS:         msOf(s.P99),
		MaxMS:         msOf(s.Max),
		ModelUsage:    s.ModelUsage,
		ErrorsByType:  s.ErrorsByType,
		Cache:         cacheReport{Hits: hits, Misses: misses},
		DurationS:     elapsed.Seconds(),
	}
	if r.ModelUsage == nil {
		r.ModelUsage = map[string]int64{}
	}
	if r.ErrorsByType == nil {
		r.ErrorsByType = map[string]int64{}
	}
	if elapsed > 0 {
		r.ThroughputRPS = float64(s.TotalRequests) / elapsed.Seconds()
	}
	r.RequestsPerS = r.ThroughputRPS
	if l := s.LLM; l.Calls > 0 {
		tps := 0.0
		if elapsed > 0 {
			tps = float64(l.TokensOut) / elapsed.Seconds()
		}
		r.OutputTokensPerS, r.TokensIn, r.TokensOut, r.TokensEstimated = &tps, &l.TokensIn, &l.TokensOut, &l.EstimatedCalls
		r.TTFTMS, r.TPOTMS, r.ITLMS, r.E2EMS = quantileOf(l.TTFT), quantileOf(l.TPOT), quantileOf(l.ITL), quantileOf(l.E2E)
	}
	return r
}

func (r loadReport) print(w io.Writer, models, mode string) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Load test\t%s, %s, %.2f s, %.1f requests/s\n", models, mode, r.DurationS, r.ThroughputRPS)
	fmt.Fprintf(tw, "Requests\t%d\n", r.TotalRequests)
	fmt.Fprintf(tw, "Errors\t%d (%.2f %%)\n", r.ErrorCount, 100*r.ErrorRate)
	fmt.Fprintf(tw, "Response time\tavg %.2f ms  p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms\n",
		r.AvgResponseMS, r.P50MS, r.P95MS, r.P99MS, r.MaxMS)
	fmt.Fprintf(tw, "Model usage\t%s\n", counts(r.ModelUsage))
	fmt.Fprintf(tw, "Errors by type\t%s\n", counts(r.ErrorsByType))
	fmt.Fprintf(tw, "Cache\t%d hits, %d misses\n", r.Cache.Hits, r.Cache.Misses)
	if r.TTFTMS != nil {
		in, est := strconv.FormatInt(*r.TokensIn, 10), ""
		switch n := *r.TokensEstimated; {
		case n > 0 && n == r.TotalRequests-r.Cache.Hits && *r.TokensIn == 0:
			in, est = "?", " (counted from the chunks: the server sent no usage)"
		case n > 0:
			est = fmt.Sprintf(" (%d calls counted from the chunks)", n)
		}
		fmt.Fprintf(tw, "Tokens\t%s in, %d out%s; %.1f output tokens/s\n", in, *r.TokensOut, est, *r.OutputTokensPerS)
		for _, q := range []struct {
			name string
			q    *quantile
		}{{"TTFT", r.TTFTMS}, {"TPOT", r.TPOTMS}, {"ITL", r.ITLMS}, {"End to end", r.E2EMS}} {
			fmt.Fprintf(tw, "%s\tp50 %.2f ms  p90 %.2f ms  p99 %.2f ms\n", q.name, q.q.P50, q.q.P90, q.q.P99)
		}
	}
	_ = tw.Flush()
}

func counts(m map[string]int64) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
