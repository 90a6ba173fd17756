package report_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"strings"
	"time"

	"vigia/metrics"
	"vigia/report"
)

func ExampleWriteCSV() {
	s := metrics.Summary{
		TotalRequests: 2, CacheHits: 1,
		P50: 1500 * time.Microsecond, Max: 2 * time.Millisecond,
		ModelUsage: map[string]int64{"gpt-4o, mini": 2},
		ByModel:    map[string]metrics.ModelSummary{"gpt-4o, mini": {Count: 2, CacheHits: 1, P50: 1500 * time.Microsecond}},
	}
	series := []metrics.Point{{Time: time.Date(2026, 11, 27, 20, 0, 0, 0, time.UTC), Requests: 2, CacheHits: 1}}
	meta := report.Meta{Version: "1.2.0", Generated: time.Date(2026, 11, 27, 20, 1, 0, 0, time.UTC), Scope: "all"}
	var buf bytes.Buffer
	if err := report.WriteCSV(&buf, s, series, meta); err != nil {
		fmt.Println(err)
	}
	// Lines end in CRLF, as RFC 4180 says; shown here with LF.
	fmt.Print(strings.ReplaceAll(buf.String(), "\r\n", "\n"))
	// Output:
	// kind,name,time,requests,errors,cache_hits,error_rate,throughput_rps,avg_ms,p50_ms,p95_ms,p99_ms,max_ms
	// meta,1.2.0,2026-11-27T20:01:00Z,,,,,,,,,,
	// summary,all,,2,0,1,0.000000,0.000,0.000,1.500,0.000,0.000,2.000
	// model,"gpt-4o, mini",,2,0,1,0.000000,,0.000,1.500,0.000,0.000,0.000
	// point,,2026-11-27T20:00:00Z,2,0,1,,,,0.000,0.000,,
}

func ExampleDiagnostics() {
	dir, _ := os.MkdirTemp("", "vigia-logs")
	defer os.RemoveAll(dir)
	key := "sk-example-0123456789abcdef"
	_ = os.WriteFile(dir+"/app.log", []byte(`{"msg":"request","key":"`+key+`"}`+"\n"), 0o600)

	var buf bytes.Buffer
	err := report.Diagnostics(&buf, report.DiagInput{
		Version:     "1.2.0",
		FyneVersion: "v2.7.0",
		LogDir:      dir,
		Settings:    map[string]any{"api_key": key, "theme": "dark"},
		Secrets:     []string{key},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	for _, f := range zr.File {
		fmt.Println(f.Name)
	}
	fmt.Println("key in bundle:", bytes.Contains(buf.Bytes(), []byte(key)))
	// Output:
	// logs/app.log
	// metrics.json
	// settings.json
	// about.json
	// key in bundle: false
}
