package engine

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"vigia/logging"
	"vigia/models"
	"vigia/session"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreTopFunction("gopkg.in/natefinch/lumberjack%2ev2.(*Logger).millRun"))
}

// upper is a test model: deterministic unless told otherwise, counting its
// runs, failing on "fail" and panicking on "panic".
type upper struct {
	runs  atomic.Int64
	cache bool
}

func (u *upper) Name() string        { return "upper" }
func (u *upper) Description() string { return "Upper-cases text." }
func (u *upper) Params() []models.Param {
	return []models.Param{{Name: "times", Kind: models.Int, Default: "1", Min: 1, Max: 3}}
}
func (u *upper) Cacheable(models.Values) bool { return u.cache }
func (u *upper) Run(ctx context.Context, in models.Input) (models.Result, error) {
	u.runs.Add(1)
	switch in.Text {
	case "fail":
		return models.Result{}, errors.New("failed on purpose")
	case "panic":
		panic("boom")
	}
	return models.Result{Text: strings.Repeat(strings.ToUpper(in.Text), in.Params.Int("times"))}, nil
}

func newEngine(t *testing.T, m models.Model) (*Engine, context.Context, *session.Session) {
	t.Helper()
	e := New(Config{Logging: logging.Options{Dir: t.TempDir(), Console: io.Discard}, Models: models.NewRegistry(m)})
	t.Cleanup(func() { _ = e.Close() })
	s, ctx := e.Sessions().Start(context.Background())
	return e, ctx, s
}

func outcomes(e *Engine) []string {
	var out []string
	for _, en := range e.Logs().Ring().Snapshot() {
		if v, ok := en.Attr("event"); ok && v.String() == "task" {
			o, _ := en.Attr("outcome")
			out = append(out, o.String())
		}
	}
	return out
}

func TestRunModel(t *testing.T) {
	u := &upper{cache: true}
	e, ctx, s := newEngine(t, u)
	run := func(text string, params map[string]string) (models.Result, error) {
		return e.RunModel(ctx, Request{Model: "upper", Params: params, Text: text})
	}
	if r, err := run("hola", map[string]string{"times": "2"}); err != nil || r.Text != "HOLAHOLA" {
		t.Fatalf("got %q, %v; want HOLAHOLA", r.Text, err)
	}
	if r, err := run("hola", map[string]string{"times": "2"}); err != nil || r.Text != "HOLAHOLA" {
		t.Fatalf("cached run got %q, %v", r.Text, err)
	}
	if _, err := run("hola", nil); err != nil { // other parameters: another key
		t.Fatal(err)
	}
	if _, err := run("fail", nil); err == nil {
		t.Fatal("got no error from a failing model")
	}
	if _, err := run("fail", nil); err == nil {
		t.Fatal("a failure was cached")
	}
	var pe interface{ PanicValue() any }
	if _, err := run("panic", nil); !errors.As(err, &pe) || pe.PanicValue() != "boom" {
		t.Fatalf("got %v, want an error that keeps the panic value boom", err)
	}
	if _, err := run("bad \xff", nil); !errors.Is(err, models.ErrInvalidUTF8) {
		t.Fatalf("got %v, want ErrInvalidUTF8", err)
	}
	if got := u.runs.Load(); got != 5 {
		t.Errorf("model ran %d times, want 5 (one answer came from the cache; bad input never reached it)", got)
	}
	want := "ok,cached,ok,error,error,panic,error"
	if got := strings.Join(outcomes(e), ","); got != want {
		t.Errorf("got outcomes %s, want %s", got, want)
	}
	sum := e.SessionSummary(s.ID())
	if sum.TotalRequests != 7 || sum.CacheHits != 1 || sum.Errors != 4 || sum.ErrorsByType["panic"] != 1 {
		t.Errorf("got summary %+v, want 7 requests, 1 hit, 4 errors (1 panic)", sum)
	}
	if st := e.Cache().Stats(); st.Hits != 1 {
		t.Errorf("got %d cache hits, want 1", st.Hits)
	}
}

func TestRunModelUsageErrors(t *testing.T) {
	e, ctx, _ := newEngine(t, &upper{})
	cases := []struct {
		req  Request
		want string
	}{
		{Request{Model: "nope", Text: "x"}, `unknown model "nope" (models: upper)`},
		{Request{Model: "upper", Text: "x", Params: map[string]string{"times": "9"}}, "times=9 must be between 1 and 3"},
		{Request{Model: "upper", Text: "x", Params: map[string]string{"colour": "red"}}, `has no parameter "colour"`},
	}
	for _, c := range cases {
		_, err := e.RunModel(ctx, c.req)
		if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("RunModel(%+v) = %v, want ErrUsage with %q", c.req, err, c.want)
		}
	}
	if got := outcomes(e); len(got) != 0 {
		t.Errorf("usage errors ran tasks: %v", got)
	}
}

func TestNotCacheable(t *testing.T) {
	u := &upper{cache: false}
	e, ctx, _ := newEngine(t, u)
	for range 3 {
		if _, err := e.RunModel(ctx, Request{Model: "upper", Text: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	if u.runs.Load() != 3 || e.Cache().Stats().Hits+e.Cache().Stats().Misses != 0 {
		t.Errorf("got %d runs and cache stats %+v, want 3 runs and an untouched cache", u.runs.Load(), e.Cache().Stats())
	}
}

// TestConcurrentCounts: every task is counted exactly once in metrics, in
// the session's counts and in the log.
func TestConcurrentCounts(t *testing.T) {
	u := &upper{cache: true}
	e, ctx, s := newEngine(t, u)
	texts := []string{"a", "b", "fail", "panic"}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 250 {
				_, _ = e.RunModel(ctx, Request{Model: "upper", Text: texts[(w+i)%4]})
			}
		}()
	}
	wg.Wait()
	sum := e.SessionSummary(s.ID())
	c := s.Counts()
	if sum.TotalRequests != 2000 || c.Tasks != 2000 {
		t.Fatalf("got %d requests in metrics and %d tasks in the session, want 2000", sum.TotalRequests, c.Tasks)
	}
	if sum.Errors != 1000 || sum.ErrorsByType["panic"] != 500 || c.Panics != 500 {
		t.Errorf("got %d errors (%d panics), session panics %d; want 1000 (500)", sum.Errors, sum.ErrorsByType["panic"], c.Panics)
	}
	// Only "a" and "b" can be answered from the cache (failures are never
	// cached): all but the first few of their 1000 calls.
	if hits := e.Cache().Stats().Hits; sum.CacheHits != c.Cached || sum.CacheHits != hits || hits < 900 || hits > 998 {
		t.Errorf("got %d hits in metrics, %d cached in the session, %d in the cache; want them equal, between 900 and 998", sum.CacheHits, c.Cached, hits)
	}
}

func TestSessionEndCarriesSummary(t *testing.T) {
	e, ctx, s := newEngine(t, &upper{cache: true})
	_, _ = e.RunModel(ctx, Request{Model: "upper", Text: "x"})
	_, _ = e.RunModel(ctx, Request{Model: "upper", Text: "x"})
	e.Sessions().End(s)
	for _, en := range e.Logs().Ring().Snapshot() {
		if v, _ := en.Attr("event"); v.String() == "session_end" {
			req, _ := en.Attr("requests")
			hits, _ := en.Attr("cache_hits")
			if req.Int64() != 2 || hits.Int64() != 1 {
				t.Errorf("session_end got requests %v cache_hits %v, want 2 and 1", req, hits)
			}
			return
		}
	}
	t.Error("no session_end record")
}

func TestSessionLogTail(t *testing.T) {
	e, ctx, s := newEngine(t, &upper{})
	for range 3 {
		_, _ = e.RunModel(ctx, Request{Model: "upper", Text: "x"})
	}
	_, other := e.Sessions().Start(context.Background())
	_, _ = e.RunModel(other, Request{Model: "upper", Text: "other"})
	e.Logs().Flush()
	tail, err := e.SessionLogTail(s.ID(), 2)
	if err != nil || len(tail) != 2 || !strings.Contains(tail[1], "Task model:upper") {
		t.Errorf("got %q, %v; want the session's last 2 records", tail, err)
	}
}

// TestCheckpoints: a running session's figures reach the journal, so a
// crash keeps its last known figures.
func TestCheckpoints(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sessions.jsonl")
	e := New(Config{Logging: logging.Options{Dir: dir, Console: io.Discard}, Models: models.NewRegistry(&upper{}),
		JournalPath: path, CheckpointEvery: 10 * time.Millisecond})
	defer e.Close()
	s, ctx := e.Sessions().Start(context.Background())
	for range 3 {
		_, _ = e.RunModel(ctx, Request{Model: "upper", Text: "x"})
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, _ := os.ReadFile(path)
		if strings.Contains(string(b), `"type":"checkpoint","session":"`+s.ID()) && strings.Contains(string(b), `"requests":3`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no checkpoint with 3 requests in:\n%s", b)
		}
		time.Sleep(10 * time.Millisecond)
	}
	hist, err := e.History()
	if err != nil || len(hist) != 1 || hist[0].Summary == nil || hist[0].Summary.Requests != 3 || hist[0].Ended {
		t.Errorf("got %+v, %v; want the running session with its last known figures", hist, err)
	}
}

// TestRunTaskRecord: a model's task is logged with task "model:<name>" and
// model "<name>" (the lnav format and the README rely on both) and counted
// under the model's name.
func TestRunTaskRecord(t *testing.T) {
	e, ctx, s := newEngine(t, &upper{})
	if _, err := e.RunModel(ctx, Request{Model: "upper", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	var tasks []string
	for _, en := range e.Logs().Ring().Snapshot() {
		if v, ok := en.Attr("event"); !ok || v.String() != "task" {
			continue
		}
		task, _ := en.Attr("task")
		model, _ := en.Attr("model")
		tasks = append(tasks, task.String()+" "+model.String())
	}
	if want := []string{"model:upper upper"}; strings.Join(tasks, ",") != strings.Join(want, ",") {
		t.Errorf("got task records (task model) %q, want %q", tasks, want)
	}
	if got := e.SessionSummary(s.ID()).ModelUsage["upper"]; got != 1 {
		t.Errorf("got %d tasks counted for upper, want 1", got)
	}
}

// TestCloseTwice: Close may be called again, even at once from several
// goroutines (a signal and the window closing): the later calls return the
// first call's error.
func TestCloseTwice(t *testing.T) {
	dir := t.TempDir()
	wantErr := false
	if _, err := os.Stat("/dev/full"); err == nil {
		// Every write to /dev/full fails: Close can't write the records
		// still buffered, and says so.
		if err := os.Symlink("/dev/full", filepath.Join(dir, "app.log")); err != nil {
			t.Fatal(err)
		}
		wantErr = true
	}
	e := New(Config{Logging: logging.Options{Dir: dir, Console: io.Discard}, Models: models.NewRegistry(&upper{}),
		JournalPath: filepath.Join(dir, "sessions.jsonl")})
	_, ctx := e.Sessions().Start(context.Background())
	_, _ = e.RunModel(ctx, Request{Model: "upper", Text: "x"})

	errs := make([]error, 4)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() { errs[i] = e.Close() })
	}
	wg.Wait()
	if (errs[0] != nil) != wantErr {
		t.Errorf("Close got %v, want an error: %v", errs[0], wantErr)
	}
	for i, err := range append(errs, e.Close()) {
		if err != errs[0] {
			t.Errorf("Close call %d got %v, want the first call's %v", i, err, errs[0])
		}
	}
	if got := len(e.Sessions().List()); got != 0 {
		t.Errorf("got %d sessions open after Close, want 0", got)
	}
}
