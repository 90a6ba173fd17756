package charts

import (
	"image"
	"image/color"
	"io"
	"testing"

	chart "github.com/wcharczuk/go-chart/v2"
)

// TestFlatMatchesPainted checks that leaving the background unpainted and
// putting it under at the end gives the pixels go-chart paints itself.
func TestFlatMatchesPainted(t *testing.T) {
	f, err := font()
	if err != nil {
		t.Fatal(err)
	}
	series := cleanSeries([]Series{{"p50", wave(900, 100, 30)}, {"p95", latency(900, 300, 2)}}, 200)
	lo, hi := span(series)
	for _, dark := range []bool{false, true} {
		lk := resolve(DefaultStyle(dark))
		charts := map[string]interface {
			Render(chart.RendererProvider, io.Writer) error
		}{
			"bars":  barChart(cleanBars(usage), 800, 400, lk, f),
			"lines": lineChart("Response time", series, lo, hi, 800, 400, lk, f, "ms"),
		}
		for name, c := range charts {
			var fast, slow chart.ImageWriter
			if err := c.Render(flat(lk.bg, chart.PNG), &fast); err != nil {
				t.Fatal(err)
			}
			if err := c.Render(chart.PNG, &slow); err != nil {
				t.Fatal(err)
			}
			a, _ := fast.Image()
			b, _ := slow.Image()
			worst, n := 0, 0
			for y := range 400 {
				for x := range 800 {
					p, q := nrgba(a.At(x, y)), nrgba(b.At(x, y))
					d := max(diff(p.R, q.R), diff(p.G, q.G), diff(p.B, q.B), diff(p.A, q.A))
					worst = max(worst, d)
					if d > 2 {
						n++
					}
				}
			}
			if n > 0 {
				t.Errorf("%s, dark %v: got %d pixels differing by more than 2 (worst %d), want none", name, dark, n, worst)
			}
		}
	}
}

func diff(a, b uint8) int { return int(max(a, b) - min(a, b)) }

func TestUnder(t *testing.T) {
	bg := toDrawing(color.NRGBA{200, 100, 50, 255})
	tests := []struct {
		src, want color.RGBA // premultiplied
	}{
		{color.RGBA{0, 0, 0, 0}, color.RGBA{200, 100, 50, 255}},
		{color.RGBA{10, 20, 30, 255}, color.RGBA{10, 20, 30, 255}},
		{color.RGBA{128, 0, 0, 128}, color.RGBA{128 + 100, 50, 25, 255}},
	}
	for _, tt := range tests {
		img := image.NewRGBA(image.Rect(0, 0, 1, 1))
		img.SetRGBA(0, 0, tt.src)
		under(img, bg)
		if got := img.RGBAAt(0, 0); got != tt.want {
			t.Errorf("%v under %v: got %v, want %v", bg, tt.src, got, tt.want)
		}
	}
	// A translucent background stays translucent where nothing was drawn.
	img := image.NewRGBA(image.Rect(0, 0, 1, 1))
	under(img, toDrawing(color.NRGBA{255, 255, 255, 128}))
	if got, want := img.RGBAAt(0, 0), (color.RGBA{128, 128, 128, 128}); got != want {
		t.Errorf("translucent background: got %v, want %v", got, want)
	}
}
