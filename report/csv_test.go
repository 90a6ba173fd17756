package report

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"vigia/metrics"
)

func sampleEmpty() metrics.Summary { return metrics.Summary{} }

func TestWriteCSV(t *testing.T) {
	s, series, meta := sample()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, s, series, meta); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(&buf) // FieldsPerRecord 0: every row as wide as the header
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v", err)
	}
	wantHeader := "kind,name,time,requests,errors,cache_hits,error_rate,throughput_rps,avg_ms,p50_ms,p95_ms,p99_ms,max_ms"
	if got := strings.Join(rows[0], ","); got != wantHeader {
		t.Errorf("header: got %s, want %s", got, wantHeader)
	}
	var kinds []string
	for _, row := range rows[1:] {
		kinds = append(kinds, row[colKind])
	}
	wantKinds := []string{"meta", "summary", "error_type", "model", "model", "point", "point"}
	if !slices.Equal(kinds, wantKinds) {
		t.Errorf("kinds: got %v, want %v", kinds, wantKinds)
	}
	for _, c := range []struct {
		row, col int
		want     string
	}{
		{1, colName, "1.2.0"},
		{1, colTime, "2026-11-27T20:00:00.000000005Z"},
		{2, colName, "all"},
		{2, colRequests, "10"},
		{2, colErrorRate, "0.200000"},
		{2, colThroughput, "0.500"},
		{2, colAvg, "1.500"},
		{2, colP50, "1.235"},
		{2, colMax, "45.679"},
		{3, colName, "timeout"},
		{3, colErrors, "2"},
		{3, colRequests, ""},
		{4, colName, "gpt, \"4o\"\nmini"}, // escaped on the way out, intact on the way back
		{4, colRequests, "6"},
		{4, colCacheHits, "2"},
		{5, colName, "llama"},
		{5, colErrorRate, "0.500000"},
		{5, colP99, "3.000"},
		{6, colTime, "2026-11-27T20:00:00Z"},
		{6, colP95, "2.500"},
		{6, colName, ""},
		{6, colP99, ""},
		{7, colRequests, "0"},
	} {
		if got := rows[c.row][c.col]; got != c.want {
			t.Errorf("row %d %s: got %q, want %q", c.row, csvHeader[c.col], got, c.want)
		}
	}
}

func TestWriteCSVQuoting(t *testing.T) {
	s := metrics.Summary{ModelUsage: map[string]int64{`a,"b"` + "\nc": 1}}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, s, nil, Meta{}); err != nil {
		t.Fatal(err)
	}
	if want := "model,\"a,\"\"b\"\"\r\nc\",,1,"; !strings.Contains(buf.String(), want) {
		t.Errorf("output lacks %q:\n%q", want, buf.String())
	}
	if !strings.HasSuffix(buf.String(), "\r\n") {
		t.Errorf("lines don't end in CRLF: %q", buf.String())
	}
}
