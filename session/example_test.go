package session_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"

	"vigia/logging"
	"vigia/session"
)

// newLogs starts a logging System in a temporary directory, with the console
// off, and returns it with a function that closes it and removes the
// directory.
func newLogs() (*logging.System, func()) {
	dir, err := os.MkdirTemp("", "vigia-example-")
	if err != nil {
		panic(err)
	}
	logs := logging.New(logging.Options{Dir: dir, Console: io.Discard})
	return logs, func() {
		logs.Close()
		os.RemoveAll(dir)
	}
}

// took matches a task's duration in its message ("took 0.000 seconds"):
// the figure depends on the machine, so examples print it as "took N seconds".
var took = regexp.MustCompile(`took [0-9.]+ seconds`)

// printEvents prints the event, message and outcome of every record with an
// event attribute: what a log viewer would show, without times, durations and
// IDs.
func printEvents(logs *logging.System) {
	for _, e := range logs.Ring().Snapshot() {
		ev, ok := e.Attr("event")
		if !ok {
			continue
		}
		msg := took.ReplaceAllString(e.Message, "took N seconds")
		line := fmt.Sprintf("%-5s %s: %s", e.Level, ev, msg)
		if o, ok := e.Attr("outcome"); ok {
			line += " [" + o.String() + "]"
		}
		fmt.Println(line)
	}
}

func ExampleManager_Start() {
	logs, done := newLogs()
	defer done()

	var tasks, failed int
	m := session.NewManager(session.Options{
		Logger: logs.Logger(),
		Hook: func(r session.Report) {
			tasks++
			if r.Outcome != session.OutcomeOK {
				failed++
			}
		},
	})
	s, ctx := m.Start(context.Background())

	session.Track(ctx, "select_model", "gpt-4o")
	answer, err := session.Run(ctx, session.Task{Name: "model:gpt-4o", Model: "gpt-4o"}, func(ctx context.Context) (string, error) {
		return "42", nil
	})
	fmt.Println("answer:", answer, err)
	_, err = session.Run(ctx, session.Task{Name: "fetch"}, func(ctx context.Context) (int, error) {
		return 0, errors.New("no network")
	})
	fmt.Println("error:", err)

	m.End(s)
	fmt.Printf("counts: %+v\n", s.Counts())
	fmt.Println("hook:", tasks, "tasks,", failed, "failed")
	for _, e := range logs.Ring().Snapshot() {
		if model, ok := e.Attr("model"); ok {
			fmt.Println("model attribute:", model)
		}
	}
	// Output:
	// answer: 42 <nil>
	// error: no network
	// counts: {Tasks:2 Errors:1 Panics:0 Canceled:0 Cached:0 Actions:1}
	// hook: 2 tasks, 1 failed
	// model attribute: gpt-4o
}

func ExampleTrack() {
	logs, done := newLogs()
	defer done()
	m := session.NewManager(session.Options{Logger: logs.Logger()})
	s, ctx := m.Start(context.Background())

	session.Track(ctx, "click", "button=refresh")
	session.Track(ctx, "open_tab", "metrics")
	m.End(s)

	printEvents(logs)
	for _, e := range logs.Ring().Snapshot() {
		if a, ok := e.Attr("action"); ok {
			d, _ := e.Attr("details")
			fmt.Printf("action=%s details=%s same session: %v\n", a, d, e.Session == s.ID())
		}
	}
	// Output:
	// INFO  session_start: session started
	// INFO  user_action: User Action: click
	// INFO  user_action: User Action: open_tab
	// INFO  session_end: session ended
	// action=click details=button=refresh same session: true
	// action=open_tab details=metrics same session: true
}

func ExampleRun() {
	logs, done := newLogs()
	defer done()
	m := session.NewManager(session.Options{Logger: logs.Logger()})
	s, ctx := m.Start(context.Background())
	defer m.End(s)

	n, err := session.Run(ctx, session.Task{Name: "count"}, func(ctx context.Context) (int, error) {
		return 3, nil
	})
	fmt.Println(n, err)

	canceled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = session.Run(canceled, session.Task{Name: "too late"}, func(ctx context.Context) (int, error) {
		panic("never called: the context was already canceled")
	})
	fmt.Println(err)

	printEvents(logs)
	// Output:
	// 3 <nil>
	// context canceled
	// INFO  session_start: session started
	// INFO  task: Task count took N seconds [ok]
	// INFO  task: Task too late took N seconds (canceled) [canceled]
}

// A panicking task becomes an error: the app goes on, and the record keeps
// the stack.
func ExampleRun_panic() {
	logs, done := newLogs()
	defer done()
	m := session.NewManager(session.Options{Logger: logs.Logger()})
	s, ctx := m.Start(context.Background())
	defer m.End(s)

	var counts map[string]int
	total, err := session.Run(ctx, session.Task{Name: "model:llama", Model: "llama"}, func(ctx context.Context) (int, error) {
		counts["tokens"]++ // nil map: a runtime panic
		return counts["tokens"], nil
	})
	fmt.Println("total:", total)
	fmt.Println("error:", err)

	var pe *session.PanicError
	if errors.As(err, &pe) {
		fmt.Println("panic value is an error:", pe.Unwrap() != nil)
		fmt.Println("stack kept:", len(pe.Stack) > 0)
	}
	for _, e := range logs.Ring().Snapshot() {
		if o, ok := e.Attr("outcome"); ok {
			_, hasStack := e.Attr("stack")
			fmt.Println(e.Level, o, "stack logged:", hasStack)
		}
	}
	fmt.Printf("%+v\n", s.Counts())
	// Output:
	// total: 0
	// error: panic: assignment to entry in nil map
	// panic value is an error: true
	// stack kept: true
	// ERROR panic stack logged: true
	// {Tasks:1 Errors:0 Panics:1 Canceled:0 Cached:0 Actions:0}
}
