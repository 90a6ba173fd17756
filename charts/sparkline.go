package charts

import (
	"image"
	"image/draw"
	"math"

	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Sparkline draws values as a small line without axes for a metric card, on
// a w×h image in device pixels (120×32 at scale 1 suits a card): oldest
// value on the left, the lowest at the bottom, the area under the line
// tinted. It is painted with go-chart's drawing package directly, at
// fractional coordinates: go-chart's chart layout keeps margins of 20 to 50
// pixels that a card does not have.
//
// NaN and ±Inf values are left out; equal values draw a flat line across
// the middle; with fewer than two values, Sparkline returns the empty state
// without text. More values than the width has pixels are thinned to the
// lowest and the highest of each bucket. Sparkline never fails: a panic while drawing
// gives the empty state.
func Sparkline(values []float64, w, h int, st Style) (img image.Image) {
	w, h = size(w, h)
	lk := resolve(st)
	vs := make([]float64, 0, len(values))
	for _, v := range values {
		if v, ok := finite(v); ok {
			vs = append(vs, v)
		}
	}
	if len(vs) < 2 {
		return Empty("", w, h, st)
	}
	vs = thin(vs, max(w/2, 2), func(v float64) float64 { return v })

	defer func() {
		if recover() != nil {
			img = Empty("", w, h, st)
		}
	}()
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(rgba, rgba.Bounds(), image.NewUniform(lk.bg), image.Point{}, draw.Src)
	gc, err := drawing.NewRasterGraphicContext(rgba)
	if err != nil {
		return Empty("", w, h, st)
	}

	lo, hi := vs[0], vs[0]
	for _, v := range vs {
		lo, hi = min(lo, v), max(hi, v)
	}
	lw := 1.5 * lk.scale
	inset := lw // keep the stroke inside the image
	top, bottom := inset, float64(h)-inset
	left, right := inset, float64(w)-inset
	y := func(v float64) float64 {
		if hi == lo {
			return math.Floor(float64(h)/2) + 0.5 // on a pixel row's centre, so that it stays crisp
		}
		return bottom - (v-lo)/(hi-lo)*(bottom-top)
	}
	x := func(i int) float64 { return left + float64(i)*(right-left)/float64(len(vs)-1) }

	line := lk.series(0)
	gc.SetFillColor(line.WithAlpha(line.A / 5))
	gc.MoveTo(x(0), float64(h))
	for i, v := range vs {
		gc.LineTo(x(i), y(v))
	}
	gc.LineTo(x(len(vs)-1), float64(h))
	gc.Close()
	gc.Fill()

	gc.SetStrokeColor(line)
	gc.SetLineWidth(lw)
	gc.SetLineJoin(drawing.RoundJoin)
	gc.MoveTo(x(0), y(vs[0]))
	for i, v := range vs[1:] {
		gc.LineTo(x(i+1), y(v))
	}
	gc.Stroke()
	return rgba
}
