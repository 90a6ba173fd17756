package charts

import (
	"image"
	"math"
	"testing"
)

func TestSparklineEdgeCases(t *testing.T) {
	tests := []struct {
		name      string
		values    []float64
		w, h      int
		wantEmpty bool
	}{
		{"no values", nil, 120, 32, true},
		{"one value", []float64{3}, 120, 32, true},
		{"NaN and Inf", []float64{math.NaN(), math.Inf(1), math.Inf(-1)}, 120, 32, true},
		{"one finite among NaN", []float64{math.NaN(), 4, math.NaN()}, 120, 32, true},
		{"two values", []float64{1, 2}, 120, 32, false},
		{"all equal", []float64{5, 5, 5, 5}, 120, 32, false},
		{"all zero", []float64{0, 0}, 120, 32, false},
		{"negative", []float64{-3, 2, -1}, 120, 32, false},
		{"huge", []float64{-math.MaxFloat64, math.MaxFloat64, 1e308}, 120, 32, false},
		{"a million values", make([]float64, 1_000_000), 120, 32, false},
		{"tiny", []float64{1, 2, 3}, 3, 2, false},
		{"zero size", []float64{1, 2, 3}, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := DefaultStyle(false)
			var img image.Image
			within(t, hangLimit, func() { img = Sparkline(tt.values, tt.w, tt.h, st) })
			w, h := size(tt.w, tt.h)
			if got := img.Bounds(); got != image.Rect(0, 0, w, h) {
				t.Fatalf("got bounds %v, want %v", got, image.Rect(0, 0, w, h))
			}
			if got := sameImage(img, Empty("", w, h, st)); got != tt.wantEmpty {
				t.Errorf("got empty state %v, want %v", got, tt.wantEmpty)
			}
		})
	}
}

func TestSparklineDraws(t *testing.T) {
	st := DefaultStyle(true)
	rising := make([]float64, 900)
	for i := range rising {
		rising[i] = float64(i)
	}
	img := Sparkline(rising, 120, 32, st)
	line := near(st.Palette[0])
	// Rising: the line is low on the left and high on the right.
	rowOf := func(x int) int {
		for y := range 32 {
			if line(nrgba(img.At(x, y))) {
				return y
			}
		}
		return -1
	}
	left, right := rowOf(4), rowOf(115)
	if left < 24 || right < 0 || right > 8 {
		t.Errorf("got the line at row %d on the left and %d on the right, want below 24 and above 8", left, right)
	}
	// The area under the line is tinted: not background, not line.
	bg := near(st.Background)
	below := nrgba(img.At(100, 30))
	if bg(below) || line(below) {
		t.Errorf("got %v under the line, want a tint between background and line", below)
	}

	// Equal values: a flat line across the middle.
	img = Sparkline([]float64{7, 7, 7}, 120, 32, st)
	for _, x := range []int{5, 60, 115} {
		if y := rowOf(x); y < 14 || y > 17 {
			t.Errorf("flat line: got row %d at x %d, want 14 to 17", y, x)
		}
	}
}
