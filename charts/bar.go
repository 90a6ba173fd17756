package charts

import (
	"cmp"
	"image"
	"math"
	"slices"
	"strconv"

	"github.com/golang/freetype/truetype"
	chart "github.com/wcharczuk/go-chart/v2"
)

// MaxBars is the most bars [ModelUsage] draws. With more bars, the
// MaxBars-1 largest are drawn in their order and the others are added up
// into a last bar labelled "+n", n being how many it holds.
const MaxBars = 12

// Bar is one bar of a [ModelUsage] chart.
type Bar struct {
	Label  string  // model name; cut to MaxLabelRunes and to the bar's width
	Value  float64 // requests, errors included; negative counts as 0
	Errors float64 // failed requests, clamped to [0, Value]
}

// ModelUsage draws the dashboard's model usage chart ("Uso de Modelos") on
// a w×h image, sizes in device pixels: one bar per model, in the order of
// bars, as tall as its Value. Bars are stacked: the part that succeeded in
// the first palette colour and the errors on top of it in Style.Error (at
// least a sliver when there are any), so that the bar's height stays the
// model's count. Above each bar its count is written, followed by the
// errors in parentheses and in the error colour when there are any.
//
// When there is nothing to chart (no bars, every Value zero, or an image
// under 240×150 pixels at scale 1 and the default text size, more with
// larger ones) ModelUsage returns the empty state and no error. Bars whose
// Value is NaN or ±Inf are left out. Equal values are drawn, as the axis
// always starts at zero. The error is for the log only: it reports a
// failure or panic inside go-chart, and the image is then the empty state,
// never nil.
func ModelUsage(bars []Bar, w, h int, st Style) (image.Image, error) {
	w, h = size(w, h)
	lk := resolve(st)
	bs := cleanBars(bars)
	if len(bs) == 0 || !lk.fits(w, h) {
		return Empty(st.NoData, w, h, st), nil
	}
	return render("model usage chart", w, h, st, func(iw *chart.ImageWriter) error {
		f, err := font()
		if err != nil {
			return err
		}
		return barChart(bs, w, h, lk, f).Render(flat(lk.bg, newRenderer), iw)
	})
}

// cleanBars returns the bars to draw, sanitised, at most MaxBars of them;
// none when there is no Value above zero (go-chart#62: a zero range fails).
func cleanBars(bars []Bar) []Bar {
	out := make([]Bar, 0, min(len(bars), MaxBars))
	var top float64
	for _, b := range bars {
		v, ok := finite(b.Value)
		if !ok {
			continue
		}
		v = max(v, 0)
		e, ok := finite(b.Errors)
		if !ok {
			e = 0
		}
		e = min(max(e, 0), v)
		out = append(out, Bar{Label: b.Label, Value: v, Errors: e})
		top = max(top, v)
	}
	if top == 0 {
		return nil
	}
	if len(out) > MaxBars {
		out = fold(out)
	}
	for i := range out {
		out[i].Label = cleanLabel(out[i].Label)
	}
	return out
}

// fold keeps the MaxBars-1 largest bars, in their order, and adds the others
// up into a last bar labelled "+n".
func fold(bs []Bar) []Bar {
	idx := make([]int, len(bs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(bs[b].Value, bs[a].Value) })
	keep := make([]bool, len(bs))
	for _, i := range idx[:MaxBars-1] {
		keep[i] = true
	}
	out := make([]Bar, 0, MaxBars)
	var rest Bar
	n := 0
	for i, b := range bs {
		if keep[i] {
			out = append(out, b)
			continue
		}
		rest.Value += b.Value
		rest.Errors += b.Errors
		n++
	}
	rest.Label = "+" + strconv.Itoa(n)
	rest.Value = min(rest.Value, maxValue)
	rest.Errors = min(rest.Errors, rest.Value)
	return append(out, rest)
}

// barChart lays out bs for go-chart: the axis from zero to a nice value
// above the largest bar, bar widths that fill the width, labels cut to fit
// their bar, and an element that draws the errors and the value labels.
func barChart(bs []Bar, w, h int, lk look, f *truetype.Font) chart.BarChart {
	maxV, whole := 0.0, true
	for _, b := range bs {
		maxV = max(maxV, b.Value)
		whole = whole && b.Value == math.Trunc(b.Value)
	}
	axisPt, labelPt := lk.pt, 0.9*lk.pt
	axisFit := newFitter(f, axisPt, lk.dpi())

	pad := chart.Box{
		Top:    int(1.4*lk.textPx(labelPt)) + lk.px(8), // value labels above the tallest bar
		Left:   lk.px(12),
		Right:  lk.px(12),
		Bottom: int(1.3*lk.textPx(axisPt)) + lk.px(12), // one line of model names
	}
	plotH := h - pad.Top - pad.Bottom
	ticks, _, top := valueTicks(0, maxV, min(max(plotH/lk.px(48), 1), 8), whole, "", lk.numbers)
	yr := &chart.ContinuousRange{Min: 0, Max: top}

	// Fill the width go-chart will leave for the bars: the image less the
	// padding and the axis labels, which it puts on the right.
	yAxisW := 0
	for _, t := range ticks {
		yAxisW = max(yAxisW, axisFit.width(t.Label))
	}
	cw := w - pad.Left - pad.Right - yAxisW - 2*chart.DefaultYAxisMargin
	slot := max(cw/len(bs), 1)
	barW := max(1, min(slot*3/5, lk.px(96)))
	space := max(slot-barW, 0)

	values := make([]chart.Value, len(bs))
	barStyle := chart.Style{FillColor: lk.series(0), StrokeColor: lk.series(0), StrokeWidth: 1}
	for i, b := range bs {
		values[i] = chart.Value{
			Value: b.Value,
			Label: axisFit.fit(b.Label, slot-lk.px(6)),
			Style: barStyle,
		}
	}
	axis := chart.Style{
		FontSize:    axisPt,
		FontColor:   lk.fg,
		StrokeColor: lk.grid,
		StrokeWidth: float64(lk.px(1)),
		TextWrap:    chart.TextWrapNone, // labels already fit: go-chart's word wrap is quadratic and splits long words badly
	}
	return chart.BarChart{
		Width:        w,
		Height:       h,
		DPI:          lk.dpi(),
		Font:         f,
		ColorPalette: lk,
		Background:   chart.Style{FillColor: lk.bg, Padding: pad},
		Canvas:       chart.Style{FillColor: lk.bg},
		BarWidth:     barW,
		BarSpacing:   space,
		XAxis:        axis,
		YAxis: chart.YAxis{
			Style:          axis,
			Range:          yr,
			Ticks:          ticks,
			GridMajorStyle: chart.Style{Hidden: true}, // go-chart draws the grid over the bars
			GridMinorStyle: chart.Style{Hidden: true},
		},
		Bars:     values,
		Elements: []chart.Renderable{barOverlay(bs, yr, barW, space, lk, f, labelPt)},
	}
}

// barOverlay draws the error part of each bar and the value labels. It
// places bars as go-chart's BarChart.drawBars does, from the same canvas box
// and the same range, whose domain go-chart has set by the time elements
// run.
func barOverlay(bs []Bar, yr *chart.ContinuousRange, barW, space int, lk look, f *truetype.Font, pt float64) chart.Renderable {
	return func(r chart.Renderer, cb chart.Box, _ chart.Style) {
		width, spacing := scaledBars(len(bs), barW, space, cb.Width())
		errStyle := chart.Style{FillColor: lk.err, StrokeColor: lk.err, StrokeWidth: 1}
		sliver := lk.px(2)
		x := cb.Left
		for _, b := range bs {
			left := x + spacing>>1
			right := left + width
			x += width + spacing
			top := cb.Bottom - yr.Translate(b.Value)
			if b.Errors > 0 {
				bottom := cb.Bottom - yr.Translate(b.Value-b.Errors)
				bottom = min(max(bottom, top+sliver), cb.Bottom)
				chart.Draw.Box(r, chart.Box{Top: top, Left: left, Right: right, Bottom: bottom}, errStyle)
			}

			total := formatCount(b.Value, lk.numbers)
			var errs string
			if b.Errors > 0 {
				errs = " (" + formatCount(b.Errors, lk.numbers) + ")"
			}
			r.SetFont(f)
			r.SetFontSize(pt)
			tw := r.MeasureText(total).Width()
			ew := 0
			if errs != "" {
				ew = r.MeasureText(errs).Width()
			}
			tx := left + (width-tw-ew)/2
			ty := top - lk.px(5)
			r.SetFontColor(lk.fg)
			r.Text(total, tx, ty)
			if errs != "" {
				r.SetFontColor(lk.err)
				r.Text(errs, tx+tw, ty)
			}
		}
	}
}

// scaledBars is the bar width and spacing go-chart's BarChart uses for n
// bars in a canvas cw pixels wide (calculateScaledTotalWidth).
func scaledBars(n, barW, space, cw int) (width, spacing int) {
	spacing = space
	if n*(barW+space) > cw {
		spacing = 0
		if rest := cw - n*barW; rest > 0 {
			spacing = int(math.Ceil(float64(rest) / float64(n)))
		}
	}
	width = barW
	if n*(barW+spacing) > cw {
		width = 0
		if rest := cw - n*spacing; rest > 0 {
			width = int(math.Ceil(float64(rest) / float64(n)))
		}
	}
	return width, spacing
}
