package models

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"
)

// Model is something a task can run: it takes text and parameters and
// returns a result. Implementations must be safe for concurrent use.
type Model interface {
	// Name is the model's unique, lower-case name ("sentiment").
	Name() string
	// Description says in one sentence what the model does, for people.
	Description() string
	// Params describes the parameters Run accepts.
	Params() []Param
	// Cacheable reports whether a result for these parameters may be
	// cached: true for deterministic models.
	Cacheable(p Values) bool
	// Run does the work. The input has been validated (see ValidateInput)
	// and p holds every parameter of Params, parsed, defaults filled in.
	Run(ctx context.Context, in Input) (Result, error)
}

// Input is what a model runs on.
type Input struct {
	Text   string
	Params Values
}

// Result is what a model returns.
type Result struct {
	// Text is the result for people, as the CLI prints it and the UI shows it.
	Text string `json:"text"`
	// Data is the structured result, for --json output and exports. It must
	// marshal to JSON.
	Data any `json:"data,omitempty"`
	// Usage holds token counts when the model reports them.
	Usage *Usage `json:"usage,omitempty"`
}

// TaskFigures is implemented by a result's Data, or by an error, that has
// figures for the task's event=task log record beyond its duration: an LLM
// call's time to first token, tokens in and out (see models/openai). The
// keys are part of the log contract (README, "Logs").
type TaskFigures interface {
	TaskFigures() []slog.Attr
}

// LLMCall is what one call to an LLM endpoint measured, for the metrics
// (per-model TTFT, TPOT and ITL histograms, token counters) and the
// gen_ai_* exports. Its names follow the OpenTelemetry GenAI conventions.
type LLMCall struct {
	Operation     string // gen_ai.operation.name: "chat"
	RequestModel  string // the model asked for (gen_ai.request.model)
	ResponseModel string // the model that answered, as the server names it; "" when not said
	Provider      string // gen_ai.provider.name ("openai"); "" when unknown

	Streamed bool
	// TTFT is the time to the first chunk carrying text (the whole answer's
	// time when it did not stream); 0 when no text came.
	TTFT time.Duration
	// TPOT is the mean time per output token after the first; 0 with fewer
	// than two tokens.
	TPOT time.Duration
	E2E  time.Duration   // the time to the end of the answer or the failure
	ITL  []time.Duration // the gaps between chunks carrying text, as kept (at most a few thousand)

	TokensIn, TokensOut int
	// TokensEstimated tells that the server gave no usage and TokensOut
	// counts the chunks.
	TokensEstimated bool
}

// LLMReporter is implemented by a result's Data, or by an error, that
// comes from a call to an LLM endpoint and measured it. ok is false when
// there is nothing to report.
type LLMReporter interface {
	LLMCall() (call LLMCall, ok bool)
}

// Usage is the token count of a completion.
type Usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
}

// Registry holds models by name. It is filled once, then only read, so its
// methods are safe for concurrent use after the last Add.
type Registry struct {
	models map[string]Model
}

// NewRegistry returns a registry holding ms.
func NewRegistry(ms ...Model) *Registry {
	r := &Registry{models: make(map[string]Model)}
	for _, m := range ms {
		r.Add(m)
	}
	return r
}

// Add adds m; it panics if a model of that name is already there, which is
// a programming error.
func (r *Registry) Add(m Model) {
	if _, dup := r.models[m.Name()]; dup {
		panic("models: duplicate model " + m.Name())
	}
	r.models[m.Name()] = m
}

// Get returns the model with the given name.
func (r *Registry) Get(name string) (Model, bool) {
	m, ok := r.models[name]
	return m, ok
}

// List returns the models sorted by name.
func (r *Registry) List() []Model {
	out := make([]Model, 0, len(r.models))
	for _, m := range r.models {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Model) int { return strings.Compare(a.Name(), b.Name()) })
	return out
}

// Names returns the model names, sorted.
func (r *Registry) Names() []string {
	var names []string
	for _, m := range r.List() {
		names = append(names, m.Name())
	}
	return names
}

// ErrUnknownModel is wrapped by the error Lookup returns for a name the
// registry lacks.
var ErrUnknownModel = errors.New("unknown model")

// Lookup is Get with an error that lists the models there are.
func (r *Registry) Lookup(name string) (Model, error) {
	if m, ok := r.models[name]; ok {
		return m, nil
	}
	return nil, fmt.Errorf("%w %q (models: %s)", ErrUnknownModel, name, strings.Join(r.Names(), ", "))
}

// Texts returns the texts of m a user interface may translate: its
// description, then its parameters' help, then the phrases of its results
// (Phraser), in order and each once. They are
// English, and a UI looks them up as keys of its translations, as it does
// its own texts, so that models carry no translation machinery. Names
// (of the model, its parameters and its choices) are left out: they are
// identifiers, typed on command lines and written to logs.
func Texts(m Model) []string {
	out := []string{m.Description()}
	for _, p := range m.Params() {
		if p.Help != "" && !slices.Contains(out, p.Help) {
			out = append(out, p.Help)
		}
	}
	if ph, ok := m.(Phraser); ok {
		for _, s := range ph.Phrases() {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}
