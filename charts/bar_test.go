package charts

import (
	"errors"
	"flag"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	chart "github.com/wcharczuk/go-chart/v2"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata")

var usage = []Bar{
	{Label: "gpt-4o", Value: 120, Errors: 12},
	{Label: "llama3.1:8b-instruct-q4_K_M", Value: 80},
	{Label: "claude", Value: 45, Errors: 45},
	{Label: "mistral", Value: 3, Errors: 1},
}

func TestModelUsageEdgeCases(t *testing.T) {
	many := make([]Bar, 1000)
	for i := range many {
		many[i] = Bar{Label: strings.Repeat("m", i%40), Value: float64(i), Errors: float64(i % 7)}
	}
	tests := []struct {
		name      string
		bars      []Bar
		w, h      int
		wantEmpty bool
	}{
		{"no bars", nil, 800, 400, true},
		{"all zero (go-chart#62)", []Bar{{"a", 0, 0}, {"b", 0, 0}}, 800, 400, true},
		{"one zero bar", []Bar{{"a", 0, 0}}, 800, 400, true},
		{"all equal (go-chart#62)", []Bar{{"a", 5, 0}, {"b", 5, 1}, {"c", 5, 5}}, 800, 400, false},
		{"one bar", []Bar{{"a", 1, 0}}, 800, 400, false},
		{"NaN and Inf left out", []Bar{{"a", math.NaN(), 0}, {"b", math.Inf(1), 0}, {"c", 2, math.NaN()}}, 800, 400, false},
		{"only NaN and Inf", []Bar{{"a", math.NaN(), 0}, {"b", math.Inf(-1), 0}}, 800, 400, true},
		{"negative counts as zero", []Bar{{"a", -5, -1}, {"b", -1, 0}}, 800, 400, true},
		{"negative beside positive", []Bar{{"a", -5, 0}, {"b", 3, 0}}, 800, 400, false},
		{"errors above the value", []Bar{{"a", 3, 30}}, 800, 400, false},
		{"huge values", []Bar{{"a", 1e308, 1e308}, {"b", -1e308, 0}, {"c", math.MaxFloat64, 1}}, 800, 400, false},
		{"fractions", []Bar{{"a", 0.25, 0.1}, {"b", 0.5, 0}}, 800, 400, false},
		{"long label without spaces (CVE-2024-40060)", []Bar{{strings.Repeat("x", 100000), 3, 1}, {"b", 2, 0}}, 800, 400, false},
		{"long label with spaces and newlines", []Bar{{strings.Repeat("word \n\t", 20000), 3, 1}}, 800, 400, false},
		{"invalid UTF-8 and control characters", []Bar{{"\xff\xfe\x00\x1b[31mred", 3, 1}}, 800, 400, false},
		{"a thousand bars", many, 800, 400, false},
		{"too small", usage, 60, 40, true},
		{"zero size", usage, 0, 0, true},
		{"negative size", usage, -5, -5, true},
		{"too wide, clamped", usage, 100000, 30, true},
		{"smallest size that fits", usage, minChartW, minChartH, false},
		{"just too small", usage, minChartW - 1, minChartH, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := DefaultStyle(false)
			var img image.Image
			var err error
			within(t, hangLimit, func() { img, err = ModelUsage(tt.bars, tt.w, tt.h, st) })
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

// TestGoChartNeedsGuards pins the go-chart behaviour the guards exist for,
// so that a go-chart upgrade that changes it is noticed. (The hangs on NaN
// and infinite bars are not reproduced here: they would leave a goroutine
// spinning.)
func TestGoChartNeedsGuards(t *testing.T) {
	var iw chart.ImageWriter
	err := chart.BarChart{Width: 800, Height: 400, Bars: []chart.Value{{Value: 5, Label: "a"}, {Value: 5, Label: "b"}}}.Render(chart.PNG, &iw)
	if err == nil || !strings.Contains(err.Error(), "invalid data range") {
		t.Errorf("go-chart with equal bars: got %v, want invalid data range (go-chart#62)", err)
	}
	img, err := ModelUsage([]Bar{{"a", 5, 0}, {"b", 5, 0}}, 800, 400, Style{})
	if err != nil || isEmptyState(img, Style{}) {
		t.Errorf("ModelUsage with equal bars: got error %v and empty state %v, want a chart", err, isEmptyState(img, Style{}))
	}
}

func TestModelUsageDraws(t *testing.T) {
	for _, dark := range []bool{false, true} {
		st := DefaultStyle(dark)
		img, err := ModelUsage(usage, 800, 400, st)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := img.Bounds(), image.Rect(0, 0, 800, 400); got != want {
			t.Fatalf("dark %v: got bounds %v, want %v", dark, got, want)
		}
		// Bars cover (120+80+45+3)/120 bar heights of a canvas about 300
		// pixels tall, bars about 110 wide: some 20 % of the image.
		if got := share(img, near(st.Palette[0])); got < 0.10 || got > 0.35 {
			t.Errorf("dark %v: got %.3f of the image in the bar colour, want 0.10 to 0.35", dark, got)
		}
		if got := share(img, near(st.Error)); got < 0.03 || got > 0.15 {
			t.Errorf("dark %v: got %.3f of the image in the error colour, want 0.03 to 0.15", dark, got)
		}
		if got := share(img, near(st.Background)); got > 0.85 {
			t.Errorf("dark %v: got %.3f of the image in the background colour, want at most 0.85", dark, got)
		}
	}
}

// TestModelUsageStacks checks that the error part sits on top of its bar,
// where go-chart drew the bar: the overlay repeats go-chart's layout.
func TestModelUsageStacks(t *testing.T) {
	st := DefaultStyle(false)
	img, err := ModelUsage([]Bar{{"half", 100, 50}, {"none", 100, 0}}, 800, 400, st)
	if err != nil {
		t.Fatal(err)
	}
	// Scan down the middle of each bar: colours met, in order.
	column := func(x int) string {
		var seq []string
		for y := range 400 {
			c := nrgba(img.At(x, y))
			name := ""
			switch {
			case near(st.Palette[0])(c):
				name = "ok"
			case near(st.Error)(c):
				name = "err"
			}
			if name != "" && (len(seq) == 0 || seq[len(seq)-1] != name) {
				seq = append(seq, name)
			}
		}
		return strings.Join(seq, ",")
	}
	xs := barCentres(t, img, st)
	if len(xs) != 2 {
		t.Fatalf("got %d bars, want 2", len(xs))
	}
	if got := column(xs[0]); got != "err,ok" {
		t.Errorf("first bar: got %q down its middle, want %q", got, "err,ok")
	}
	if got := column(xs[1]); got != "ok" {
		t.Errorf("second bar: got %q down its middle, want %q", got, "ok")
	}
	// The error half is as tall as the ok half, within 3 pixels: compare
	// the longest runs of each colour, as the value label above the bar has
	// some of the error colour too.
	run := map[string]int{}
	cur, n := "", 0
	for y := range 400 {
		c := nrgba(img.At(xs[0], y))
		name := ""
		switch {
		case near(st.Palette[0])(c):
			name = "ok"
		case near(st.Error)(c):
			name = "err"
		}
		if name == cur {
			n++
		} else {
			cur, n = name, 1
		}
		run[name] = max(run[name], n)
	}
	if d := run["ok"] - run["err"]; d < -3 || d > 3 {
		t.Errorf("first bar: got %d ok and %d error pixels, want equal within 3", run["ok"], run["err"])
	}
}

// barCentres returns the middle of each run of bar or error colour along
// the row 10 pixels above the X axis line.
func barCentres(t *testing.T, img image.Image, st Style) []int {
	t.Helper()
	isBar := func(x, y int) bool {
		c := nrgba(img.At(x, y))
		return near(st.Palette[0])(c) || near(st.Error)(c)
	}
	// The lowest row where some bar colour shows.
	row := -1
	for y := img.Bounds().Dy() - 1; y >= 0 && row < 0; y-- {
		for x := range img.Bounds().Dx() {
			if isBar(x, y) {
				row = y - 10
				break
			}
		}
	}
	var xs []int
	start := -1
	for x := range img.Bounds().Dx() + 1 {
		in := x < img.Bounds().Dx() && isBar(x, row)
		if in && start < 0 {
			start = x
		}
		if !in && start >= 0 {
			xs = append(xs, (start+x)/2)
			start = -1
		}
	}
	return xs
}

func TestModelUsageFailures(t *testing.T) {
	defer func(p chart.RendererProvider) { newRenderer = p }(newRenderer)
	boom := errors.New("boom")
	tests := []struct {
		name     string
		provider chart.RendererProvider
		want     error
	}{
		{"panic", func(int, int) (chart.Renderer, error) { panic("boom") }, errPanic},
		{"error", func(int, int) (chart.Renderer, error) { return nil, boom }, boom},
	}
	st := DefaultStyle(true)
	for _, tt := range tests {
		newRenderer = tt.provider
		img, err := ModelUsage(usage, 800, 400, st)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: got error %v, want %v", tt.name, err, tt.want)
		}
		if img == nil || !isEmptyState(img, st) {
			t.Errorf("%s: got %v, want the empty state", tt.name, img)
		}
		_, err = Lines("t", []Series{{"a", []XY{{t0, 1}, {t0.Add(time.Second), 2}}}}, 800, 400, st, "")
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: Lines got error %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestCleanLabel(t *testing.T) {
	long := strings.Repeat("a", 30)
	tests := []struct{ in, want string }{
		{"", ""},
		{"gpt-4o", "gpt-4o"},
		{"  two\n\tlines  ", "two lines"},
		{"\x00\x1b[31m", "[31m"},
		{"\xffok", "ok"},
		{long[:24], long[:24]},
		{long[:25], long[:23] + "…"},
		{strings.Repeat("ab ", 20), "ab ab ab ab ab ab ab ab…"},
		{strings.Repeat("é", 100), strings.Repeat("é", 23) + "…"},
	}
	for _, tt := range tests {
		if got := cleanLabel(tt.in); got != tt.want {
			t.Errorf("cleanLabel(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFit(t *testing.T) {
	f, err := font()
	if err != nil {
		t.Fatal(err)
	}
	fit := newFitter(f, 10.5, 96)
	full := fit.width("llama3.1:8b-instruct")
	tests := []struct {
		width int
		want  string
	}{
		{full, "llama3.1:8b-instruct"},
		{full - 1, "llama3.1:8b-instru…"},
		{fit.width("ll…"), "ll…"},
		{fit.width("…"), "…"},
		{fit.width("…") - 1, ""},
		{-10, ""},
	}
	for _, tt := range tests {
		got := fit.fit("llama3.1:8b-instruct", tt.width)
		if got != tt.want {
			t.Errorf("fit to %d px: got %q, want %q", tt.width, got, tt.want)
		}
		if got != "" && fit.width(got) > max(tt.width, 0) {
			t.Errorf("fit to %d px: got %q, %d px wide", tt.width, got, fit.width(got))
		}
	}
}

func TestFold(t *testing.T) {
	var bars []Bar
	for i := range MaxBars + 3 {
		bars = append(bars, Bar{Label: string(rune('a' + i)), Value: float64(i + 1), Errors: 1})
	}
	got := cleanBars(bars)
	if len(got) != MaxBars {
		t.Fatalf("got %d bars, want %d", len(got), MaxBars)
	}
	// The four smallest (1 to 4) are folded; the others keep their order.
	if got[0].Label != "e" || got[MaxBars-2].Label != "o" {
		t.Errorf("got bars %q … %q, want e … o", got[0].Label, got[MaxBars-2].Label)
	}
	if last := got[MaxBars-1]; last != (Bar{Label: "+4", Value: 10, Errors: 4}) {
		t.Errorf("got last bar %+v, want {+4 10 4}", last)
	}
}

func TestModelUsageGolden(t *testing.T) {
	img, err := ModelUsage(usage, 800, 400, DefaultStyle(false))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "model_usage.png", img)
}

// golden compares img with testdata/name, allowing 1 % of pixels to differ
// by more than 48 in a channel: font rasterising may differ a little from
// one machine to another. With -update it writes the file instead; a
// failure writes the image to testdata/failed/.
func golden(t *testing.T, name string, img image.Image) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		writePNG(t, path, img)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if got, w := img.Bounds(), want.Bounds(); got != w {
		t.Fatalf("got bounds %v, want %v", got, w)
	}
	r := img.Bounds()
	diff := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			a, b := nrgba(img.At(x, y)), nrgba(want.At(x, y))
			d := func(p, q uint8) bool { return max(p, q)-min(p, q) > 48 }
			if d(a.R, b.R) || d(a.G, b.G) || d(a.B, b.B) || d(a.A, b.A) {
				diff++
			}
		}
	}
	if got := float64(diff) / float64(r.Dx()*r.Dy()); got > 0.01 {
		failed := filepath.Join("testdata", "failed", name)
		writePNG(t, failed, img)
		t.Errorf("got %.2f %% of pixels different from %s, want at most 1 %%; see %s", 100*got, path, failed)
	}
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func FuzzModelUsage(f *testing.F) {
	f.Add("gpt-4o", 120.0, 12.0, 3.0)
	f.Add(strings.Repeat("x", 300), 0.0, 0.0, 0.0)
	f.Add("a\nb", math.NaN(), math.Inf(1), -1.0)
	f.Add("", 1e308, -1e308, 5e-324)
	f.Fuzz(func(t *testing.T, label string, v, e, other float64) {
		st := DefaultStyle(false)
		bars := []Bar{{label, v, e}, {label + label, other, v}}
		img, err := ModelUsage(bars, 320, 200, st)
		if err != nil {
			t.Fatalf("got error %v, want none", err)
		}
		if got := img.Bounds(); got != image.Rect(0, 0, 320, 200) {
			t.Fatalf("got bounds %v, want 320×200", got)
		}
		if n := utf8.RuneCountInString(cleanLabel(label)); n > MaxLabelRunes {
			t.Fatalf("got a label of %d runes, want at most %d", n, MaxLabelRunes)
		}
	})
}
