package charts

import (
	"image"
	"image/color"
	"strings"
	"testing"
)

func TestEmpty(t *testing.T) {
	tests := []struct {
		name     string
		msg      string
		w, h     int
		wantText bool
	}{
		{"message", "No data yet", 800, 400, true},
		{"no message", "", 800, 400, false},
		{"white space only", " \n\t", 800, 400, false},
		{"long message", strings.Repeat("very long ", 10000), 400, 200, true},
		{"card size", "No data", 120, 32, true},
		{"too short for text", "No data", 120, 5, false},
		{"too narrow for text", "No data", 4, 100, false},
		{"zero size", "No data", 0, 0, false},
		{"clamped", "No data", 1 << 20, 10, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := DefaultStyle(false)
			img := Empty(tt.msg, tt.w, tt.h, st)
			w, h := size(tt.w, tt.h)
			if got := img.Bounds(); got != image.Rect(0, 0, w, h) {
				t.Fatalf("got bounds %v, want %v", got, image.Rect(0, 0, w, h))
			}
			text := share(img, func(c color.NRGBA) bool { return !near(st.Background)(c) }) > 0
			if text != tt.wantText {
				t.Errorf("got text drawn %v, want %v", text, tt.wantText)
			}
		})
	}
}

func TestEmptyCentresText(t *testing.T) {
	st := DefaultStyle(true)
	img := Empty("No data yet", 400, 200, st)
	minX, maxX, minY, maxY := 400, 0, 200, 0
	for y := range 200 {
		for x := range 400 {
			if !near(st.Background)(nrgba(img.At(x, y))) {
				minX, maxX, minY, maxY = min(minX, x), max(maxX, x), min(minY, y), max(maxY, y)
			}
		}
	}
	if cx := (minX + maxX) / 2; cx < 195 || cx > 205 {
		t.Errorf("got text centred at x %d, want 195 to 205", cx)
	}
	if cy := (minY + maxY) / 2; cy < 94 || cy > 106 {
		t.Errorf("got text centred at y %d, want 94 to 106", cy)
	}
}
