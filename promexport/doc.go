// Package promexport exposes Vigía's figures to Prometheus, for operators who
// watch a fleet of desktops rather than one: a /metrics endpoint to scrape
// (Serve) and, for machines a server cannot reach, pushes to a Pushgateway
// (StartPush).
//
// An Exporter owns its own registry, so nothing lands in the process-wide
// prometheus.DefaultRegisterer. It is fed one task at a time through Observe,
// from the sessions' hook, and reads the rest (cache, sessions) from the
// functions in Options at scrape or push time.
//
// The metrics are:
//
//	vigia_requests_total{model,outcome}       counter
//	vigia_request_duration_seconds{model}     histogram (cached answers excluded)
//	vigia_cache_hits_total                    counter   (Options.CacheStats)
//	vigia_cache_misses_total                  counter   (Options.CacheStats)
//	vigia_sessions_active                     gauge     (Options.ActiveSessions)
//	vigia_sessions_crashed_total              counter   (Options.CrashedSessions)
//
// plus the standard go_* and process_* collectors.
package promexport
