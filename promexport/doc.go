// Package promexport exposes Vigía's figures to Prometheus, for operators who
// watch a fleet of desktops rather than one: a /metrics endpoint to scrape
// (Serve) and, for machines a server cannot reach, pushes to a Pushgateway
// (StartPush).
//
// An Exporter owns its own registry, so nothing lands in the process-wide
// prometheus.DefaultRegisterer. It is fed one task at a time through Observe,
// from the sessions' hook, and one LLM call at a time through ObserveLLM; it
// reads the rest (cache, sessions) from the functions in Options at scrape
// or push time.
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
// and, for the calls to LLM endpoints (ObserveLLM), the OpenTelemetry GenAI
// client metrics in Prometheus form, with the conventions' bucket
// boundaries:
//
//	gen_ai_client_token_usage{gen_ai_token_type}                  histogram (tokens, input or output)
//	gen_ai_client_operation_duration_seconds{error_type}          histogram
//	gen_ai_client_operation_time_to_first_chunk_seconds           histogram
//	gen_ai_client_operation_time_per_output_chunk_seconds         histogram (one observation per gap)
//
// each also labelled gen_ai_operation_name, gen_ai_provider_name and
// gen_ai_request_model (at most Options.MaxLLMModels of them),
//
// plus the standard go_* and process_* collectors.
//
// The registry is the one source of these figures: package telemetry reads
// the same one (Gatherer) for OpenTelemetry's OTLP export, so /metrics, the
// Pushgateway and OTLP carry the same instruments under the same names.
package promexport
