package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"time"

	"vigia/metrics"
)

// csvHeader is the CSV export's header row; the package comment documents
// it, so change both together.
var csvHeader = []string{
	"kind", "name", "time", "requests", "errors", "cache_hits",
	"error_rate", "throughput_rps", "avg_ms", "p50_ms", "p95_ms", "p99_ms", "max_ms",
}

// Column positions in csvHeader.
const (
	colKind = iota
	colName
	colTime
	colRequests
	colErrors
	colCacheHits
	colErrorRate
	colThroughput
	colAvg
	colP50
	colP95
	colP99
	colMax
	numCols
)

// Row kinds of the CSV export.
const (
	KindMeta      = "meta"
	KindSummary   = "summary"
	KindErrorType = "error_type"
	KindModel     = "model"
	KindPoint     = "point"
)

// WriteCSV writes s, series and meta to w as one CSV table whose first
// column says what each row is, as the package documentation gives.
func WriteCSV(w io.Writer, s metrics.Summary, series []metrics.Point, meta Meta) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	row := func(kind string, set func(r []string)) {
		r := make([]string, numCols)
		r[colKind] = kind
		set(r)
		_ = cw.Write(r) // the error sticks; cw.Error reports it below
	}
	_ = cw.Write(csvHeader)
	row(KindMeta, func(r []string) {
		r[colName] = meta.Version
		r[colTime] = formatTime(meta.Generated)
	})
	row(KindSummary, func(r []string) {
		r[colName] = meta.Scope
		r[colRequests] = itoa(s.TotalRequests)
		r[colErrors] = itoa(s.Errors)
		r[colCacheHits] = itoa(s.CacheHits)
		r[colErrorRate] = formatRate(s.ErrorRate)
		r[colThroughput] = strconv.FormatFloat(s.Throughput, 'f', 3, 64)
		setLatencies(r, s.AvgResponseTime, s.P50, s.P95, s.P99, s.Max)
	})
	for _, name := range slices.Sorted(maps.Keys(s.ErrorsByType)) {
		row(KindErrorType, func(r []string) {
			r[colName] = name
			r[colErrors] = itoa(s.ErrorsByType[name])
		})
	}
	for _, name := range modelNames(s) {
		m := modelOf(s, name)
		row(KindModel, func(r []string) {
			r[colName] = name
			r[colRequests] = itoa(m.Count)
			r[colErrors] = itoa(m.Errors)
			r[colCacheHits] = itoa(m.CacheHits)
			r[colErrorRate] = formatRate(rate(m.Errors, m.Count))
			setLatencies(r, m.Avg, m.P50, m.P95, m.P99, m.Max)
		})
	}
	for _, p := range series {
		row(KindPoint, func(r []string) {
			r[colTime] = formatTime(p.Time)
			r[colRequests] = itoa(p.Requests)
			r[colErrors] = itoa(p.Errors)
			r[colCacheHits] = itoa(p.CacheHits)
			r[colP50] = ms(p.P50).String()
			r[colP95] = ms(p.P95).String()
		})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv report: %w", err)
	}
	return nil
}

func setLatencies(r []string, avg, p50, p95, p99, maxD time.Duration) {
	r[colAvg] = ms(avg).String()
	r[colP50] = ms(p50).String()
	r[colP95] = ms(p95).String()
	r[colP99] = ms(p99).String()
	r[colMax] = ms(maxD).String()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func formatRate(r float64) string { return strconv.FormatFloat(r, 'f', 6, 64) }

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
