package promexport

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// LLMObservation is one LLM call, for the gen_ai_* metrics.
type LLMObservation struct {
	// RequestModel is the model asked for (gen_ai.request.model); Provider
	// the provider as Vigía knows it (gen_ai.provider.name: "openai"), ""
	// when unknown; Operation the operation (gen_ai.operation.name), ""
	// meaning "chat"; ErrorType the class of error the call ended with
	// (error.type, such as metrics.ErrorType gives), "" on success.
	RequestModel, Provider, Operation, ErrorType string

	// Duration is the call's end-to-end time; TTFT the time to its first
	// chunk, 0 when no chunk came or the call did not stream.
	Duration, TTFT time.Duration
	// ChunkGaps are the times between consecutive output chunks, one
	// observation each. ObserveLLM does not keep the slice.
	ChunkGaps []time.Duration

	// TokensIn and TokensOut are the call's tokens, as the server reported
	// them or as estimated. A count is observed when it is above 0, or when
	// the call succeeded: a successful call's count is known, so its 0 is a
	// real 0 (an empty answer), while a failed call's 0 means the count
	// never came, which the conventions say not to report.
	TokensIn, TokensOut int64
}

// The OpenTelemetry GenAI conventions' recommended bucket boundaries
// (semantic-conventions-genai, docs/gen-ai/gen-ai-metrics.md): powers of 4
// tokens, and seconds doubling from 10 ms; the two chunk metrics use the
// duration's.
var (
	genAITokenBuckets = []float64{1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144,
		1048576, 4194304, 16777216, 67108864}
	genAIDurationBuckets = []float64{0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56,
		5.12, 10.24, 20.48, 40.96, 81.92}
)

// Label names: the conventions' attribute names with dots as underscores, as
// the OpenTelemetry Prometheus exporter writes them. Every series of a
// metric has the same labels; an unknown provider or a success's error type
// is the empty value, which Prometheus stores as no label at all, just as
// OpenTelemetry leaves the attribute out.
const (
	labelOperation = "gen_ai_operation_name"
	labelProvider  = "gen_ai_provider_name"
	labelModel     = "gen_ai_request_model"
	labelTokenType = "gen_ai_token_type"
	labelErrorType = "error_type"
)

// Values that stand for the ones beyond a label's cap. "_OTHER" is
// error.type's own fallback value in the conventions.
const (
	otherValue     = "(other)"
	otherErrorType = "_OTHER"
)

// Caps on the distinct values of the labels other than the request model's
// (Options.MaxLLMModels): Vigía sets them from a short list of its own, so
// reaching a cap means something is wrong, not that a user has many models.
const (
	maxProviders  = 16
	maxOperations = 16
	maxErrorTypes = 32
)

// genAI holds the gen_ai_* metrics.
type genAI struct {
	tokens, duration, ttfc, tpoc *prometheus.HistogramVec

	models, providers, operations, errorTypes labelValues
}

func newGenAI(maxModels int) *genAI {
	if maxModels <= 0 {
		maxModels = 64
	}
	common := []string{labelOperation, labelProvider, labelModel}
	with := func(label string) []string { return []string{labelOperation, labelProvider, labelModel, label} }
	return &genAI{
		tokens: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "gen_ai_client_token_usage",
			Help:    "Tokens used per LLM call, by token type (input or output), as reported by the server or estimated (gen_ai.client.token.usage).",
			Buckets: genAITokenBuckets,
		}, with(labelTokenType)),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "gen_ai_client_operation_duration_seconds",
			Help:    "End-to-end duration of LLM calls in seconds; error_type is empty on success (gen_ai.client.operation.duration).",
			Buckets: genAIDurationBuckets,
		}, with(labelErrorType)),
		ttfc: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "gen_ai_client_operation_time_to_first_chunk_seconds",
			Help:    "Time from an LLM request to the first chunk of its streamed answer in seconds (gen_ai.client.operation.time_to_first_chunk).",
			Buckets: genAIDurationBuckets,
		}, common),
		tpoc: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "gen_ai_client_operation_time_per_output_chunk_seconds",
			Help:    "Time between consecutive output chunks of streamed LLM answers in seconds, one observation per gap (gen_ai.client.operation.time_per_output_chunk).",
			Buckets: genAIDurationBuckets,
		}, common),
		models:     labelValues{limit: maxModels, other: otherValue},
		providers:  labelValues{limit: maxProviders, other: otherValue},
		operations: labelValues{limit: maxOperations, other: otherValue},
		errorTypes: labelValues{limit: maxErrorTypes, other: otherErrorType},
	}
}

func (g *genAI) collectors() []prometheus.Collector {
	return []prometheus.Collector{g.tokens, g.duration, g.ttfc, g.tpoc}
}

// ObserveLLM records one LLM call in the gen_ai_* metrics, which follow the
// OpenTelemetry GenAI client conventions: its duration, its tokens in and
// out (see LLMObservation for when a count is observed), and, for a call
// that streamed, its time to first chunk and every gap between chunks. At
// most Options.MaxLLMModels request models get series of their own; calls
// to further ones are observed under the model "(other)". It is safe for
// concurrent use and does not keep o.ChunkGaps.
func (e *Exporter) ObserveLLM(o LLMObservation) {
	g := e.genAI
	op := o.Operation
	if op == "" {
		op = "chat"
	}
	op = g.operations.value(op)
	provider := g.providers.value(o.Provider)
	model := g.models.value(o.RequestModel)
	errType := o.ErrorType
	if errType != "" {
		errType = g.errorTypes.value(errType)
	}

	g.duration.WithLabelValues(op, provider, model, errType).Observe(o.Duration.Seconds())
	ok := o.ErrorType == ""
	if o.TokensIn > 0 || ok {
		g.tokens.WithLabelValues(op, provider, model, "input").Observe(float64(max(o.TokensIn, 0)))
	}
	if o.TokensOut > 0 || ok {
		g.tokens.WithLabelValues(op, provider, model, "output").Observe(float64(max(o.TokensOut, 0)))
	}
	if o.TTFT > 0 {
		g.ttfc.WithLabelValues(op, provider, model).Observe(o.TTFT.Seconds())
	}
	if len(o.ChunkGaps) > 0 {
		h := g.tpoc.WithLabelValues(op, provider, model)
		for _, d := range o.ChunkGaps {
			h.Observe(max(d, 0).Seconds())
		}
	}
}

// labelValues bounds the distinct values of one label: the first limit
// values seen are kept, and any further one becomes other, so that a caller
// that makes up values cannot grow the exporter's series without bound.
type labelValues struct {
	limit int
	other string

	mu   sync.RWMutex
	seen map[string]struct{}
}

func (l *labelValues) value(v string) string {
	l.mu.RLock()
	_, ok := l.seen[v]
	full := len(l.seen) >= l.limit
	l.mu.RUnlock()
	if ok {
		return v
	}
	if full {
		return l.other
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.seen[v]; ok {
		return v
	}
	if len(l.seen) >= l.limit {
		return l.other
	}
	if l.seen == nil {
		l.seen = make(map[string]struct{})
	}
	l.seen[v] = struct{}{}
	return v
}
