package journal

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestConcurrentStartEnd(t *testing.T) {
	const (
		goroutines = 8
		perG       = 50
	)
	j, _ := openAt(t, t0)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range perG {
				id := fmt.Sprintf("g%d-%d", g, i)
				at := t0.Add(time.Duration(g*perG+i) * time.Second)
				if err := j.Start(id, at); err != nil {
					t.Error(err)
					return
				}
				if i%2 == 0 { // half end, half stay live
					if err := j.End(id, at.Add(time.Millisecond), Summary{Requests: int64(i)}); err != nil {
						t.Error(err)
						return
					}
				}
				if i%10 == 0 {
					if _, err := j.Sessions(); err != nil {
						t.Error(err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	ss, st, err := j.Read()
	if err != nil {
		t.Fatal(err)
	}
	if st != (ReadStats{}) {
		t.Errorf("stats = %+v, want zero", st)
	}
	var ended, live, crashed int
	var requests int64
	for _, s := range ss {
		switch {
		case s.Ended:
			ended++
			requests += s.Summary.Requests
		case s.Crashed:
			crashed++
		default:
			live++
		}
	}
	// Requests per goroutine: the sum of the even i below perG.
	var wantReq int64
	for i := 0; i < perG; i += 2 {
		wantReq += int64(i)
	}
	wantReq *= goroutines
	if len(ss) != goroutines*perG || ended != goroutines*perG/2 || live != goroutines*perG/2 || crashed != 0 || requests != wantReq {
		t.Errorf("got %d sessions, %d ended, %d live, %d crashed, %d requests; want %d, %d, %d, 0, %d",
			len(ss), ended, live, crashed, requests, goroutines*perG, goroutines*perG/2, goroutines*perG/2, wantReq)
	}
}
