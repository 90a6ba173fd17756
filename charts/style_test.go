package charts

import (
	"image/color"
	"math"
	"testing"
)

func TestResolve(t *testing.T) {
	def := resolve(DefaultStyle(false))
	zero := resolve(Style{})
	if zero.bg != def.bg || zero.fg != def.fg || zero.grid != def.grid || zero.err != def.err {
		t.Errorf("zero Style: got colours %v %v %v %v, want DefaultStyle(false)'s %v %v %v %v",
			zero.bg, zero.fg, zero.grid, zero.err, def.bg, def.fg, def.grid, def.err)
	}
	if len(zero.palette) != len(def.palette) || zero.pt != defaultFontSize || zero.scale != 1 {
		t.Errorf("zero Style: got %d colours, %v pt, scale %v; want %d, %v, 1", len(zero.palette), zero.pt, zero.scale, len(def.palette), defaultFontSize)
	}
	tests := []struct {
		font, wantPt   float64
		scale          float32
		wantScale      float64
		palette        []color.Color
		wantPaletteLen int
	}{
		{12, 12, 2, 2, []color.Color{color.White}, 1},
		{1, minFontSize, 0.1, minScale, []color.Color{nil, color.Black, nil}, 1},
		{100, maxFontSize, 10, maxScale, []color.Color{nil}, 1},
		{math.NaN(), defaultFontSize, float32(math.NaN()), 1, nil, len(def.palette)},
		{-3, minFontSize, -1, minScale, nil, len(def.palette)},
	}
	for _, tt := range tests {
		lk := resolve(Style{FontSize: tt.font, Scale: tt.scale, Palette: tt.palette})
		if lk.pt != tt.wantPt || lk.scale != tt.wantScale || len(lk.palette) != tt.wantPaletteLen {
			t.Errorf("FontSize %v, Scale %v, %d colours: got %v pt, scale %v, %d colours; want %v, %v, %d",
				tt.font, tt.scale, len(tt.palette), lk.pt, lk.scale, len(lk.palette), tt.wantPt, tt.wantScale, tt.wantPaletteLen)
		}
	}
}

// TestScaleGrowsText checks that text follows Style.Scale: at scale 2 the
// same image size holds about four times the text ink (twice the size in
// each direction).
func TestScaleGrowsText(t *testing.T) {
	st1 := DefaultStyle(false)
	st2 := st1
	st2.Scale = 2
	a, err := ModelUsage(usage, 800, 400, st1)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ModelUsage(usage, 800, 400, st2)
	if err != nil {
		t.Fatal(err)
	}
	ink := near(st1.Foreground)
	if sa, sb := share(a, ink), share(b, ink); sa == 0 || sb < 2*sa {
		t.Errorf("got %.4f of the image in text ink at scale 1 and %.4f at scale 2, want at least twice as much at scale 2", sa, sb)
	}
}

// TestSmallestSizes renders at the smallest size that fits, with the
// largest and smallest text and scale: the layout must still leave go-chart
// a canvas.
func TestSmallestSizes(t *testing.T) {
	series := []Series{{"p50", wave(900, 100, 30)}, {"p95", wave(900, 300, 80)}}
	for _, font := range []float64{minFontSize, defaultFontSize, maxFontSize} {
		for _, scale := range []float32{minScale, 1, maxScale} {
			st := DefaultStyle(false)
			st.FontSize, st.Scale = font, scale
			lk := resolve(st)
			k := lk.scale * lk.pt / defaultFontSize
			w, h := int(math.Ceil(minChartW*k)), int(math.Ceil(minChartH*k))
			within(t, hangLimit, func() {
				if img, err := ModelUsage(usage, w, h, st); err != nil || isEmptyState(img, st) {
					t.Errorf("bars, %v pt, scale %v, %d×%d: got error %v and empty state %v, want a chart", font, scale, w, h, err, isEmptyState(img, st))
				}
				if img, err := Lines("Latency", series, w, h, st, "ms"); err != nil || isEmptyState(img, st) {
					t.Errorf("lines, %v pt, scale %v, %d×%d: got error %v and empty state %v, want a chart", font, scale, w, h, err, isEmptyState(img, st))
				}
			})
		}
	}
}
