// Package report turns Vigía's figures into files a person takes away: an
// export of the summary, the per-model figures and the time series as JSON
// or CSV (WriteJSON, WriteCSV), and a diagnostics bundle to attach to a bug
// report (Diagnostics). It reads nothing it is not given except the log
// directory and the sessions journal, and knows nothing of the UI.
//
// # Units
//
// Durations are milliseconds written with exactly three decimals
// ("12.345"); times are RFC 3339 in UTC with nanoseconds when there are
// any; error rates are fractions between 0 and 1 (six decimals in CSV);
// throughput is requests per second (three decimals in CSV). Models and
// error types are sorted by name.
//
// # JSON
//
// WriteJSON writes one object:
//
//	{
//	  "version": "1.2.0", "generated": "2026-11-27T20:00:00Z", "scope": "all",
//	  "summary": {"total_requests", "errors", "error_rate", "cache_hits",
//	              "avg_ms", "p50_ms", "p95_ms", "p99_ms", "max_ms",
//	              "throughput_rps", "errors_by_type": {"timeout": 2, …}},
//	  "models":  [{"model", "count", "errors", "cache_hits", "error_rate",
//	               "avg_ms", "p50_ms", "p95_ms", "p99_ms", "max_ms"}, …],
//	  "series":  [{"time", "requests", "errors", "cache_hits",
//	               "p50_ms", "p95_ms"}, …]
//	}
//
// "models" and "series" are arrays, never null.
//
// # CSV
//
// WriteCSV writes one RFC 4180 table (encoding/csv, CRLF line ends, fields
// with commas, quotes or line breaks quoted, quotes doubled; a carriage
// return alone inside a name is dropped, as encoding/csv does with CRLF)
// whose first column, kind, says what a row is. The header is always
//
//	kind,name,time,requests,errors,cache_hits,error_rate,throughput_rps,avg_ms,p50_ms,p95_ms,p99_ms,max_ms
//
// and the rows come in this order; a column a kind does not use is empty:
//
//	meta        name = Vigía's version, time = when the export was generated
//	summary     name = scope (a session id or "all"); requests, errors,
//	            cache_hits, error_rate, throughput_rps, avg_ms … max_ms
//	error_type  name = error class; errors
//	model       name = model; requests (cache hits included), errors,
//	            cache_hits, error_rate, avg_ms … max_ms
//	point       time = start of the second; requests, errors, cache_hits,
//	            p50_ms, p95_ms
//
// # Diagnostics bundle
//
// Diagnostics writes a ZIP archive with these entries:
//
//	logs/<name>     every file of the log directory whose name starts with
//	                "app" or "debug": app.log, debug.log and their rotated
//	                backups, plain or .gz
//	sessions.jsonl  the sessions journal, when one is given and exists
//	metrics.json    WriteJSON of the figures given
//	settings.json   the settings given, secrets removed
//	about.json      version, OS, architecture, Go and Fyne versions, time,
//	                and "skipped": the files left out and why
//
// Secrets are removed three ways, by package redact's rules, the logs'
// own. In settings, the value of any key named like a secret
// (redact.IsSecretKey: ending in api_key, access_key, secret_key,
// private_key, session_key, token, password, passwd, passphrase, secret,
// credential(s), authorization or cookie, whatever the case, "_", "-", "."
// and spaces) becomes "[REDACTED]". In every entry except .gz backups,
// strings that look like bearer tokens, "sk-" keys, HTTP basic credentials
// or a URL's user info (redact.Credentials), and each
// exact value of DiagInput.Secrets (raw and JSON-escaped), become
// "[REDACTED]". Text is redacted line by line; a line longer than
// 16 MB ends its file's entry with a note, and the file is listed as
// skipped, rather than being copied unredacted.
//
// Compressed backups (.gz) are copied as they are, neither decompressed nor
// scanned: what protects them is the redaction Vigía's logging applies
// before a line is written (package logging), not this bundle.
//
// A file that can't be opened or read, or vanishes during the walk, is
// listed under "skipped" in about.json instead of failing the bundle; only
// errors writing to the destination fail it.
package report
