// Package metrics counts what Vigía's tasks do and how the process that runs
// them behaves, in memory that does not grow with the number of requests.
//
// A [Collector] receives one record per task ([Collector.RecordRequest], or
// [Collector.RecordCacheHit] when the cache answered) and keeps exact counts
// per model and per error type, a latency histogram per model whose
// percentiles are within 1 % of the exact ones between 1 µs and 1 h, and a
// per-second ring of the last 15 minutes for charts. Recording is made of
// atomic additions (a short lock is taken once per second, to turn the ring
// over) and allocates nothing for a model already seen, so it can sit on
// every task's path; reading ([Collector.Summary], [Collector.Series]) never
// makes a recorder wait.
//
// An LLM call adds its own figures through [Collector.RecordLLM]: time to
// first chunk (TTFT), mean time per output token (TPOT), every inter-chunk
// gap (ITL) and end-to-end time, each in a histogram of the same accuracy,
// and counts of calls, tokens in and out and calls whose tokens were
// estimated. They read as [LLMSummary] in [Summary.LLM] and per model, and
// the series has each second's mean TTFT and TPOT. The four histograms (72
// KB) are made on a model's first LLM call, so that a model without any
// keeps costing 17 KB.
//
// The all-sessions view is the merge of per-session collectors: [Merge] and
// [MergeSeries] read any number of collectors into one [Summary] or series
// without changing them, and [Collector.MergeFrom] folds a finished session
// into a long-lived collector so that its own collector can be dropped.
//
// A [Sampler] reads process figures (RSS, VMS, CPU, threads, open files)
// through gopsutil and Go runtime figures (heap, goroutines, GC) through
// runtime/metrics, which unlike runtime.ReadMemStats does not stop the world,
// into a 15-minute ring. [FreeMemory] returns memory to the operating system
// on request and logs what it freed.
package metrics
