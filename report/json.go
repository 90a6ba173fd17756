package report

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"vigia/metrics"
)

// Meta describes an export: what produced it, when, and what it covers.
type Meta struct {
	Version   string    // Vigía's version
	Generated time.Time // when the export was made; written in UTC
	Scope     string    // the session id, or "all" for every session
}

// WriteJSON writes s, series and meta to w as one indented JSON object, in
// the shape the package documentation gives.
func WriteJSON(w io.Writer, s metrics.Summary, series []metrics.Point, meta Meta) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(newDocument(s, series, meta)); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}

// document is the JSON export. Its fields are the documented format: keep
// them in step with the package comment.
type document struct {
	Version   string      `json:"version"`
	Generated time.Time   `json:"generated"`
	Scope     string      `json:"scope"`
	Summary   summaryJSON `json:"summary"`
	Models    []modelJSON `json:"models"`
	Series    []pointJSON `json:"series"`
}

type summaryJSON struct {
	TotalRequests int64            `json:"total_requests"`
	Errors        int64            `json:"errors"`
	ErrorRate     float64          `json:"error_rate"`
	CacheHits     int64            `json:"cache_hits"`
	Avg           millis           `json:"avg_ms"`
	P50           millis           `json:"p50_ms"`
	P95           millis           `json:"p95_ms"`
	P99           millis           `json:"p99_ms"`
	Max           millis           `json:"max_ms"`
	Throughput    float64          `json:"throughput_rps"`
	ErrorsByType  map[string]int64 `json:"errors_by_type"`
}

type modelJSON struct {
	Model     string  `json:"model"`
	Count     int64   `json:"count"`
	Errors    int64   `json:"errors"`
	CacheHits int64   `json:"cache_hits"`
	ErrorRate float64 `json:"error_rate"`
	Avg       millis  `json:"avg_ms"`
	P50       millis  `json:"p50_ms"`
	P95       millis  `json:"p95_ms"`
	P99       millis  `json:"p99_ms"`
	Max       millis  `json:"max_ms"`
}

type pointJSON struct {
	Time      time.Time `json:"time"`
	Requests  int64     `json:"requests"`
	Errors    int64     `json:"errors"`
	CacheHits int64     `json:"cache_hits"`
	P50       millis    `json:"p50_ms"`
	P95       millis    `json:"p95_ms"`
}

// millis is a duration in milliseconds. It is marshalled with exactly three
// decimals, so that 1.5 ms reads "1.500" rather than a float's shortest
// form; it unmarshals as any JSON number.
type millis float64

func ms(d time.Duration) millis { return millis(float64(d) / float64(time.Millisecond)) }

func (m millis) MarshalJSON() ([]byte, error) { return []byte(m.String()), nil }

func (m millis) String() string { return strconv.FormatFloat(float64(m), 'f', 3, 64) }

func newDocument(s metrics.Summary, series []metrics.Point, meta Meta) document {
	d := document{
		Version:   meta.Version,
		Generated: meta.Generated.UTC(),
		Scope:     meta.Scope,
		Summary: summaryJSON{
			TotalRequests: s.TotalRequests,
			Errors:        s.Errors,
			ErrorRate:     s.ErrorRate,
			CacheHits:     s.CacheHits,
			Avg:           ms(s.AvgResponseTime),
			P50:           ms(s.P50),
			P95:           ms(s.P95),
			P99:           ms(s.P99),
			Max:           ms(s.Max),
			Throughput:    s.Throughput,
			ErrorsByType:  s.ErrorsByType,
		},
		Models: make([]modelJSON, 0, len(s.ByModel)),
		Series: make([]pointJSON, 0, len(series)),
	}
	if d.Summary.ErrorsByType == nil {
		d.Summary.ErrorsByType = map[string]int64{}
	}
	for _, name := range modelNames(s) {
		m := modelOf(s, name)
		d.Models = append(d.Models, modelJSON{
			Model: name, Count: m.Count, Errors: m.Errors, CacheHits: m.CacheHits,
			ErrorRate: rate(m.Errors, m.Count),
			Avg:       ms(m.Avg), P50: ms(m.P50), P95: ms(m.P95), P99: ms(m.P99), Max: ms(m.Max),
		})
	}
	for _, p := range series {
		d.Series = append(d.Series, pointJSON{
			Time: p.Time.UTC(), Requests: p.Requests, Errors: p.Errors, CacheHits: p.CacheHits,
			P50: ms(p.P50), P95: ms(p.P95),
		})
	}
	return d
}

// modelNames returns the models of s, sorted. ModelUsage and ByModel hold
// the same names when s comes from metrics.Merge; a hand-made Summary may
// fill only one of them, so both are read.
func modelNames(s metrics.Summary) []string {
	names := make([]string, 0, len(s.ByModel))
	for name := range s.ByModel {
		names = append(names, name)
	}
	for name := range s.ModelUsage {
		if _, ok := s.ByModel[name]; !ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// modelOf returns the figures of one model, its count taken from
// ModelUsage when ByModel lacks the model.
func modelOf(s metrics.Summary, name string) metrics.ModelSummary {
	m, ok := s.ByModel[name]
	if !ok {
		m.Count = s.ModelUsage[name]
	}
	return m
}

func rate(errors, total int64) float64 {
	if total <= 0 {
		return 0
	}
	return float64(errors) / float64(total)
}
