package charts

import (
	"image"
	"math"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)

// wave returns n points a second apart from t0: base plus a sine of
// amplitude amp.
func wave(n int, base, amp float64) []XY {
	pts := make([]XY, n)
	for i := range pts {
		pts[i] = XY{X: t0.Add(time.Duration(i) * time.Second), Y: base + amp*math.Sin(float64(i)/40)}
	}
	return pts
}

func TestLinesEdgeCases(t *testing.T) {
	two := []XY{{t0, 1}, {t0.Add(time.Minute), 2}}
	reversed := []XY{{t0.Add(time.Minute), 2}, {t0, 1}, {t0.Add(30 * time.Second), 5}}
	var many []Series
	for i := range 20 {
		many = append(many, Series{Name: strings.Repeat("n", i), Points: wave(100, float64(i), 1)})
	}
	tests := []struct {
		name      string
		title     string
		series    []Series
		w, h      int
		wantEmpty bool
	}{
		{"no series", "t", nil, 800, 400, true},
		{"no points", "t", []Series{{"a", nil}, {"b", []XY{}}}, 800, 400, true},
		{"one point", "t", []Series{{"a", []XY{{t0, 3}}}}, 800, 400, true},
		{"one point per series", "t", []Series{{"a", []XY{{t0, 3}}}, {"b", []XY{{t0.Add(time.Second), 3}}}}, 800, 400, true},
		{"two points at one time", "t", []Series{{"a", []XY{{t0, 3}, {t0, 4}}}}, 800, 400, true},
		{"two points", "t", []Series{{"a", two}}, 800, 400, false},
		{"NaN and Inf left out", "t", []Series{{"a", append([]XY{{t0, math.NaN()}, {t0, math.Inf(1)}}, two...)}}, 800, 400, false},
		{"only NaN and Inf", "t", []Series{{"a", []XY{{t0, math.NaN()}, {t0.Add(time.Second), math.Inf(-1)}}}}, 800, 400, true},
		{"zero times left out", "t", []Series{{"a", []XY{{time.Time{}, 1}, {t0, 2}}}}, 800, 400, true},
		{"unsorted", "t", []Series{{"a", reversed}}, 800, 400, false},
		{"all equal", "t", []Series{{"a", []XY{{t0, 7}, {t0.Add(time.Minute), 7}}}}, 800, 400, false},
		{"all zero", "t", []Series{{"a", []XY{{t0, 0}, {t0.Add(time.Minute), 0}}}}, 800, 400, false},
		{"negative", "t", []Series{{"a", []XY{{t0, -5}, {t0.Add(time.Minute), 3}}}}, 800, 400, false},
		{"huge values", "t", []Series{{"a", []XY{{t0, -1e308}, {t0.Add(time.Minute), math.MaxFloat64}}}}, 800, 400, false},
		{"a day and more", "t", []Series{{"a", []XY{{t0, 1}, {t0.Add(50 * time.Hour), 2}}}}, 800, 400, false},
		{"nanoseconds apart", "t", []Series{{"a", []XY{{t0, 1}, {t0.Add(1), 2}}}}, 800, 400, true},
		{"a millisecond apart", "t", []Series{{"a", []XY{{t0, 1}, {t0.Add(time.Millisecond), 2}}}}, 800, 400, false},
		{"beyond int64 nanoseconds", "t", []Series{{"a", []XY{{t0.AddDate(300, 0, 0), 1}, {t0.AddDate(-400, 0, 0), 2}}}}, 800, 400, true},
		{"centuries apart", "t", []Series{{"a", []XY{{time.Unix(0, 0), 1}, {time.Unix(0, 0).AddDate(250, 0, 0), 2}}}}, 800, 400, false},
		{"a hundred thousand points", "t", []Series{{"a", wave(100000, 5, 3)}}, 800, 400, false},
		{"twenty series", "t", many, 800, 400, false},
		{"long names and title", strings.Repeat("title ", 1000), []Series{{strings.Repeat("x", 5000), two}, {strings.Repeat("y ", 5000), two}}, 800, 400, false},
		{"no title", "", []Series{{"a", two}}, 800, 400, false},
		{"too small", "t", []Series{{"a", two}}, 100, 60, true},
		{"zero size", "t", []Series{{"a", two}}, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := DefaultStyle(true)
			var img image.Image
			var err error
			within(t, hangLimit, func() { img, err = Lines(tt.title, tt.series, tt.w, tt.h, st, "ms") })
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			w, h := size(tt.w, tt.h)
			if got := img.Bounds(); got != image.Rect(0, 0, w, h) {
				t.Fatalf("got bounds %v, want %v", got, image.Rect(0, 0, w, h))
			}
			if got := isEmptyState(img, st); got != tt.wantEmpty {
				t.Errorf("got empty state %v, want %v", got, tt.wantEmpty)
			}
		})
	}
}

func TestLinesDraws(t *testing.T) {
	st := DefaultStyle(false)
	img, err := Lines("Response time", []Series{{"p50", wave(900, 100, 30)}, {"p95", wave(900, 300, 80)}}, 800, 400, st, "ms")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := img.Bounds(), image.Rect(0, 0, 800, 400); got != want {
		t.Fatalf("got bounds %v, want %v", got, want)
	}
	for i, c := range st.Palette[:2] {
		if got := share(img, near(c)); got < 0.002 || got > 0.05 {
			t.Errorf("series %d: got %.4f of the image in its colour, want 0.002 to 0.05", i, got)
		}
	}
	if got := share(img, near(st.Background)); got < 0.5 || got > 0.99 {
		t.Errorf("got %.3f of the image in the background colour, want 0.5 to 0.99", got)
	}
}

func TestLinesGolden(t *testing.T) {
	img, err := Lines("Response time", []Series{{"p50", wave(900, 100, 30)}, {"p95", wave(900, 300, 80)}}, 800, 400, DefaultStyle(true), "ms")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "lines_dark.png", img)
}

// TestLinesLocation: the time labels follow Style.Location, and only
// them: the same series in two zones differ in a few pixels.
func TestLinesLocation(t *testing.T) {
	series := []Series{{"p50", wave(60, 100, 30)}}
	utc := DefaultStyle(false)
	utc.Location = time.UTC
	east := utc
	east.Location = time.FixedZone("UTC+5", 5*3600)
	a, errA := Lines("", series, 400, 200, utc, "ms")
	b, errB := Lines("", series, 400, 200, east, "ms")
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	diff := 0
	for y := range 200 {
		for x := range 400 {
			if a.At(x, y) != b.At(x, y) {
				diff++
			}
		}
	}
	if diff == 0 || diff > 400*200/10 {
		t.Errorf("got %d pixels that differ between zones, want a few (the labels)", diff)
	}
}

func TestCleanSeries(t *testing.T) {
	got := cleanSeries([]Series{
		{"short", []XY{{t0, 1}}},
		{"a\nb", []XY{{t0.Add(2 * time.Second), 3}, {t0, math.NaN()}, {t0.Add(time.Second), 2}, {time.Time{}, 9}, {t0, 1}}},
	}, 100)
	if len(got) != 1 {
		t.Fatalf("got %d series, want 1", len(got))
	}
	if got[0].Name != "a b" {
		t.Errorf("got name %q, want %q", got[0].Name, "a b")
	}
	want := []XY{{t0, 1}, {t0.Add(time.Second), 2}, {t0.Add(2 * time.Second), 3}}
	if len(got[0].Points) != len(want) {
		t.Fatalf("got points %v, want %v", got[0].Points, want)
	}
	for i, p := range got[0].Points {
		if !p.X.Equal(want[i].X) || p.Y != want[i].Y {
			t.Errorf("point %d: got %v, want %v", i, p, want[i])
		}
	}
}

func TestThin(t *testing.T) {
	vs := make([]float64, 1000)
	vs[501] = 50  // a spike
	vs[777] = -20 // a dip
	id := func(v float64) float64 { return v }
	got := thin(vs, 50, id)
	if len(got) > 100 {
		t.Errorf("got %d values, want at most 100", len(got))
	}
	var hi, lo bool
	for _, v := range got {
		hi = hi || v == 50
		lo = lo || v == -20
	}
	if !hi || !lo {
		t.Errorf("got spike kept %v and dip kept %v, want both", hi, lo)
	}
	short := []float64{1, 2, 3}
	if got := thin(short, 50, id); len(got) != 3 {
		t.Errorf("got %d values from 3, want 3", len(got))
	}
	// Order is kept.
	pts := thin(wave(5000, 0, 1), 100, func(p XY) float64 { return p.Y })
	for i := 1; i < len(pts); i++ {
		if pts[i].X.Before(pts[i-1].X) {
			t.Fatalf("point %d at %v before point %d at %v", i, pts[i].X, i-1, pts[i-1].X)
		}
	}
}
