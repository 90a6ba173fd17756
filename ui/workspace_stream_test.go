package ui

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"vigia/models/openai"
)

// The workspace with the real openai model, pointed at a test server that
// streams: no fake of the model, and no timing assertion that a loaded
// machine could break (the waits are long, and the server waits for the
// test where the test must see something in between).

// sseChunk is a "data:" event carrying text.
func sseChunk(text string) string {
	b, _ := json.Marshal(map[string]any{
		"object":  "chat.completion.chunk",
		"model":   "test-llm",
		"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": text}}},
	})
	return "data: " + string(b) + "\n\n"
}

const (
	sseUsage = `data: {"model":"test-llm","choices":[],"usage":{"prompt_tokens":120,"completion_tokens":350,"total_tokens":470}}` + "\n\n"
	sseDone  = "data: [DONE]\n\n"
)

// streamServer runs a chat completions endpoint whose answers serve writes
// through send, which flushes each event at once. It counts its calls.
func streamServer(t *testing.T, serve func(r *http.Request, send func(string) bool)) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/event-stream")
		serve(r, func(event string) bool {
			if _, err := io.WriteString(w, event); err != nil {
				return false
			}
			w.(http.Flusher).Flush()
			return true
		})
	}))
	t.Cleanup(srv.Close) // after the windows closed: their calls have ended
	return srv, &calls
}

// openLLM opens a window whose models are the test models and an openai
// model calling srv, with that model selected.
func openLLM(t *testing.T, srv *httptest.Server) (*harness, *sessionWindow) {
	t.Helper()
	reg := testModels()
	reg.Add(openai.New(openai.Options{HTTPClient: srv.Client(), APIKey: func() string { return "" }, BaseURL: srv.URL + "/v1"}))
	h := newHarnessWith(t, DetailsType, reg)
	w := h.open(t)
	w.work.model.SetSelected("openai")
	return h, w
}

// TestStreamingAnswerGrows: the answer shows piece by piece while the
// model streams, not only at the end; then the status says how long it
// took and the figures line sums up the call.
func TestStreamingAnswerGrows(t *testing.T) {
	pieces := []string{"Once", " upon", " a", " time"}
	next := make(chan struct{})
	srv, _ := streamServer(t, func(r *http.Request, send func(string) bool) {
		for _, p := range pieces {
			if !send(sseChunk(p)) {
				return
			}
			select { // the test has seen the piece
			case <-next:
			case <-r.Context().Done():
				return
			}
		}
		send(sseUsage)
		send(sseDone)
	})
	h, w := openLLM(t, srv)
	ws := w.work
	test.Type(ws.input, "Tell me a story")
	test.Tap(ws.run)
	for i := range pieces {
		want := strings.Join(pieces[:i+1], "")
		pump(t, "the answer "+want, func() bool { return ws.result.Text == want })
		if ws.running == nil || ws.status.Text != "Running…" {
			t.Fatalf("the task ended with %q on screen, before the answer did", ws.result.Text)
		}
		next <- struct{}{}
	}
	h.wait(t)
	if want := "Once upon a time"; ws.result.Text != want {
		t.Errorf("got result %q, want %q", ws.result.Text, want)
	}
	if !regexp.MustCompile(`^Done in [0-9.,]+ m?s$`).MatchString(ws.status.Text) {
		t.Errorf("got status %q, want Done in … without cached", ws.status.Text)
	}
	figures := regexp.MustCompile(`^TTFT [0-9.,]+ ms · [0-9.,]+ tok/s · 120 → 350 tokens$`)
	if !ws.figures.Visible() || !figures.MatchString(ws.figures.Text) {
		t.Errorf("got figures %q (visible %v), want TTFT … · … tok/s · 120 → 350 tokens", ws.figures.Text, ws.figures.Visible())
	}
	if ws.copyBtn.Disabled() {
		t.Error("Copy result is disabled after an answer")
	}
}

// TestStreamingRepaintsThrottled: a stream of many chunks repaints the
// answer now and then (at most once per streamRepaint), not once a chunk.
func TestStreamingRepaintsThrottled(t *testing.T) {
	const chunks = 600
	srv, _ := streamServer(t, func(r *http.Request, send func(string) bool) {
		for i := range chunks {
			if !send(sseChunk(string(rune('a' + i%26)))) {
				return
			}
			if i%3 == 2 {
				time.Sleep(time.Millisecond) // a stream of ≥ 200 ms: a few ticks
			}
		}
		send(sseDone)
	})
	h, w := openLLM(t, srv)
	ws := w.work
	test.Type(ws.input, "Spell")
	before := ws.repaints
	start := time.Now()
	test.Tap(ws.run)
	h.wait(t)
	took := time.Since(start)
	if got := len([]rune(ws.result.Text)); got != chunks {
		t.Fatalf("got %d characters, want %d", got, chunks)
	}
	n := ws.repaints - before
	t.Logf("%d repaints for %d chunks in %v", n, chunks, took)
	// The ticker can't beat its period (a late tick is dropped, not
	// queued), whatever the load; the stream's 200 ms give it a few. Far
	// fewer than the chunks, unless every 3 chunks took a streamRepaint.
	if limit := int(took/streamRepaint) + 2; n < 1 || n > limit || n >= chunks/4 {
		t.Errorf("got %d repaints for %d chunks in %v, want at least 1 and at most %d", n, chunks, took, min(limit, chunks/4-1))
	}
	if !strings.Contains(ws.figures.Text, "? → 600 tokens (estimated)") {
		t.Errorf("got figures %q, want the chunks counted as estimated tokens", ws.figures.Text)
	}
}

// TestEscMidStreamKeepsPartialAnswer: Esc while an answer streams cancels
// the task and keeps what came, marked as canceled.
func TestEscMidStreamKeepsPartialAnswer(t *testing.T) {
	srv, _ := streamServer(t, func(r *http.Request, send func(string) bool) {
		send(sseChunk("Partial "))
		send(sseChunk("answer"))
		<-r.Context().Done() // never ends by itself
	})
	h, w := openLLM(t, srv)
	ws := w.work
	test.Type(ws.input, "Go on")
	test.Tap(ws.run)
	pump(t, "the partial answer", func() bool { return ws.result.Text == "Partial answer" })
	ws.input.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	h.wait(t)
	if ws.result.Text != "Partial answer" {
		t.Errorf("got result %q after Esc, want the partial answer kept", ws.result.Text)
	}
	if !regexp.MustCompile(`^Canceled after [0-9.]+ m?s — partial answer kept$`).MatchString(ws.status.Text) {
		t.Errorf("got status %q, want Canceled after … — partial answer kept", ws.status.Text)
	}
	if !strings.HasSuffix(ws.figures.Text, "? → 2 tokens (estimated)") {
		t.Errorf("got figures %q, want the call's figures up to the cancel", ws.figures.Text)
	}
	if ws.copyBtn.Disabled() {
		t.Error("the partial answer can't be copied")
	}
	if w.lastDialog != "" {
		t.Errorf("a cancel showed an error dialog: %q", w.lastDialog)
	}
	if o, _ := h.events("task")[0].Attr("outcome"); o.String() != "canceled" {
		t.Errorf("got outcome %v, want canceled", o)
	}
	if r, _ := ws.pastAt(0); r.outcome != "canceled" || r.result != "Partial answer" {
		t.Errorf("got history %+v, want the canceled run with its partial answer", r)
	}
}

// TestSecondRunCached: the same task again on a model that may be cached
// is answered by the cache, and says so; the model is not called again,
// and no figures are shown for a call that was not made.
func TestSecondRunCached(t *testing.T) {
	srv, calls := streamServer(t, func(r *http.Request, send func(string) bool) {
		send(sseChunk("Cached"))
		send(sseChunk(" answer"))
		send(sseUsage)
		send(sseDone)
	})
	h, w := openLLM(t, srv)
	ws := w.work
	ws.fields["cache"].set("true")
	test.Type(ws.input, "Same question")
	test.Tap(ws.run)
	h.wait(t)
	if strings.Contains(ws.status.Text, "cached") || ws.figures.Text == "" {
		t.Errorf("first run: got status %q, figures %q; want a call, not the cache", ws.status.Text, ws.figures.Text)
	}
	test.Tap(ws.run)
	h.wait(t)
	if !regexp.MustCompile(`^Done in [0-9.]+ m?s · cached$`).MatchString(ws.status.Text) {
		t.Errorf("second run: got status %q, want Done in … · cached", ws.status.Text)
	}
	if ws.result.Text != "Cached answer" {
		t.Errorf("second run: got result %q", ws.result.Text)
	}
	if ws.figures.Visible() {
		t.Errorf("second run: the figures line %q shows for a call not made", ws.figures.Text)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("the server was called %d times, want 1", n)
	}
	if r, _ := ws.pastAt(0); r.outcome != "cached" {
		t.Errorf("got the last run's outcome %q in the history, want cached", r.outcome)
	}
}

// TestHistoryRestoresRun: a run picked in the history comes back with its
// model, parameters, input, result and status; the history keeps the last
// historySize runs, newest first.
func TestHistoryRestoresRun(t *testing.T) {
	h := newHarness(t, DetailsType)
	w := h.open(t)
	ws := w.work
	ws.model.SetSelected("upper")
	ws.fields["times"].set("2")
	ws.input.SetText("hola   mundo\nand a line that goes on for a while")
	test.Tap(ws.run)
	h.wait(t)
	first := ws.status.Text
	ws.model.SetSelected("chaos")
	ws.input.SetText("other")
	test.Tap(ws.run)
	h.wait(t)
	if len(ws.past) != 2 || ws.history.Length() != 2 {
		t.Fatalf("got %d runs in the history, want 2", len(ws.past))
	}
	r, _ := ws.pastAt(1)
	if want := regexp.MustCompile(`^upper · “hola mundo and a line that goes on for a…” · done · [0-9.]+ m?s$`); !want.MatchString(r.row()) {
		t.Errorf("got the row %q", r.row())
	}

	ws.history.Select(1) // the older run
	if ws.model.Selected != "upper" {
		t.Errorf("got model %q, want upper", ws.model.Selected)
	}
	if got := ws.fields["times"].get(); got != "2" {
		t.Errorf("got times=%q, want 2", got)
	}
	if want := "hola   mundo\nand a line that goes on for a while"; ws.input.Text != want {
		t.Errorf("got input %q, want %q", ws.input.Text, want)
	}
	if want := strings.Repeat("HOLA   MUNDO\nAND A LINE THAT GOES ON FOR A WHILE", 2); ws.result.Text != want {
		t.Errorf("got result %q, want %q", ws.result.Text, want)
	}
	if ws.status.Text != first || ws.copyBtn.Disabled() {
		t.Errorf("got status %q (copy disabled %v), want %q", ws.status.Text, ws.copyBtn.Disabled(), first)
	}

	// Run again what was restored: the same parameters.
	test.Tap(ws.run)
	h.wait(t)
	if want := strings.Repeat("HOLA   MUNDO\nAND A LINE THAT GOES ON FOR A WHILE", 2); ws.result.Text != want {
		t.Errorf("the restored run ran again as %q", ws.result.Text)
	}

	for i := range historySize + 2 {
		ws.input.SetText(string(rune('a' + i)))
		test.Tap(ws.run)
		h.wait(t)
	}
	if len(ws.past) != historySize {
		t.Fatalf("got %d runs in the history, want %d", len(ws.past), historySize)
	}
	if r, _ := ws.pastAt(0); r.input != string(rune('a'+historySize+1)) {
		t.Errorf("got %q as the newest run, want the last one", r.input)
	}
}
