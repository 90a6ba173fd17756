package charts

import (
	"cmp"
	"image"
	"math"
	"slices"
	"time"

	"github.com/golang/freetype/truetype"
	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// MaxSeries is the most series [Lines] draws; the others are left out.
const MaxSeries = 8

// XY is one point of a [Series]: a value at a time.
type XY struct {
	X time.Time
	Y float64
}

// Series is one line of a [Lines] chart.
type Series struct {
	Name   string // legend text; cut to MaxLabelRunes and to the room left
	Points []XY   // in any order
}

// Times go-chart can place: it works in Unix nanoseconds, in an int64. A
// zero time (year 1) falls outside too, and is a missing time anyway.
var (
	firstX = time.Unix(0, math.MinInt64+1)
	lastX  = time.Unix(0, math.MaxInt64)
)

// minSpan is the shortest time span Lines draws: go-chart holds times in a
// float64, whose steps are 256 ns wide today.
const minSpan = time.Millisecond

// timeLoc is the zone of the time labels when Style.Location is nil; a
// variable so that this package's tests can fix it.
var timeLoc = time.Local

// Lines draws time-series lines on a w×h image, sizes in device pixels:
// time on X, labelled in st.Location's zone (local time by default), and values on Y, labelled with yUnit
// ("ms", "MiB"; empty for none). The title is written at the top left and
// the legend at the top right; an empty title leaves its place to the
// legend. The Y axis starts at zero unless a value is negative.
//
// Points whose Y is NaN or ±Inf, or whose X is the zero time or otherwise
// outside the years 1678 to 2262, are left out; points are sorted by time;
// a series with more points than half the width is thinned to the lowest
// and the highest point of each bucket, so that spikes stay visible; and
// series after the first MaxSeries are left out. A series needs two points
// to be drawn; when no series has, when all points lie within a
// millisecond, or when the image is too small (as for ModelUsage), Lines
// returns the empty state and no error. Equal values draw a flat line. The
// error is for the log only: it reports a failure or panic inside
// go-chart, and the image is then the empty state, never nil.
func Lines(title string, series []Series, w, h int, st Style, yUnit string) (image.Image, error) {
	w, h = size(w, h)
	lk := resolve(st)
	ss := cleanSeries(series, max(w/4, 16))
	if len(ss) == 0 || !lk.fits(w, h) {
		return Empty(st.NoData, w, h, st), nil
	}
	lo, hi := span(ss)
	if hi.Sub(lo) < minSpan {
		return Empty(st.NoData, w, h, st), nil
	}
	return render("lines chart", w, h, st, func(iw *chart.ImageWriter) error {
		f, err := font()
		if err != nil {
			return err
		}
		return lineChart(oneLine(title, 4*MaxLabelRunes), ss, lo, hi, w, h, lk, f, oneLine(yUnit, 8)).Render(flat(lk.bg, newRenderer), iw)
	})
}

// cleanSeries returns the series to draw, sanitised and sorted, each with at
// most 2·buckets points, and at most MaxSeries of them.
func cleanSeries(series []Series, buckets int) []Series {
	var out []Series
	for _, s := range series {
		if len(out) == MaxSeries {
			break
		}
		pts := make([]XY, 0, len(s.Points))
		for _, p := range s.Points {
			y, ok := finite(p.Y)
			if !ok || p.X.Before(firstX) || p.X.After(lastX) {
				continue
			}
			pts = append(pts, XY{X: p.X, Y: y})
		}
		if len(pts) < 2 {
			continue
		}
		if !slices.IsSortedFunc(pts, byTime) {
			slices.SortStableFunc(pts, byTime)
		}
		out = append(out, Series{Name: cleanLabel(s.Name), Points: thin(pts, buckets, func(p XY) float64 { return p.Y })})
	}
	return out
}

func byTime(a, b XY) int { return a.X.Compare(b.X) }

// thin returns s, or when it has more than 2·buckets elements, the lowest
// and the highest of each of buckets runs by y, in their order: min-max
// decimation, which keeps spikes that averaging would flatten.
func thin[T any](s []T, buckets int, y func(T) float64) []T {
	if len(s) <= 2*buckets {
		return s
	}
	out := make([]T, 0, 2*buckets)
	for b := range buckets {
		run := s[b*len(s)/buckets : (b+1)*len(s)/buckets]
		if len(run) == 0 {
			continue
		}
		lo, hi := 0, 0
		for i, e := range run {
			if y(e) < y(run[lo]) {
				lo = i
			}
			if y(e) > y(run[hi]) {
				hi = i
			}
		}
		out = append(out, run[min(lo, hi)])
		if lo != hi {
			out = append(out, run[max(lo, hi)])
		}
	}
	return out
}

// span returns the first and last time of ss, whose points are sorted.
func span(ss []Series) (lo, hi time.Time) {
	lo, hi = ss[0].Points[0].X, ss[0].Points[len(ss[0].Points)-1].X
	for _, s := range ss[1:] {
		if first := s.Points[0].X; first.Before(lo) {
			lo = first
		}
		if last := s.Points[len(s.Points)-1].X; last.After(hi) {
			hi = last
		}
	}
	return lo, hi
}

// lineChart lays out ss for go-chart: ranges and ticks computed here, never
// zero wide, and an element that writes the title and the legend.
func lineChart(title string, ss []Series, lo, hi time.Time, w, h int, lk look, f *truetype.Font, unit string) chart.Chart {
	minY, maxY := 0.0, math.Inf(-1)
	for _, s := range ss {
		for _, p := range s.Points {
			minY = min(minY, p.Y)
			maxY = max(maxY, p.Y)
		}
	}
	titlePt, axisPt := 1.15*lk.pt, lk.pt
	pad := chart.Box{
		Top:    int(1.5*lk.textPx(titlePt)) + lk.px(14),
		Left:   lk.px(12),
		Right:  lk.px(12),
		Bottom: int(1.3*lk.textPx(axisPt)) + lk.px(10),
	}
	plotH := h - pad.Top - pad.Bottom
	yTicks, _, _ := valueTicks(minY, maxY, min(max(plotH/lk.px(40), 1), 8), false, unit, lk.numbers)

	axisFit := newFitter(f, axisPt, lk.dpi())
	labelW := axisFit.width("00:00:00") + lk.px(24)
	xTicks := timeTicks(lo, hi, (w-pad.Left-pad.Right)/max(labelW, 1), lk.loc)
	// Unlabelled ticks at both ends: go-chart takes the X range from the
	// ticks when there are any.
	xTicks = append(xTicks, chart.Tick{Value: chart.TimeToFloat64(lo)}, chart.Tick{Value: chart.TimeToFloat64(hi)})
	slices.SortFunc(xTicks, func(a, b chart.Tick) int { return cmp.Compare(a.Value, b.Value) })

	axis := chart.Style{
		FontSize:    axisPt,
		FontColor:   lk.fg,
		StrokeColor: lk.grid,
		StrokeWidth: float64(lk.px(1)),
		TextWrap:    chart.TextWrapNone,
	}
	grid := chart.Style{StrokeColor: lk.grid, StrokeWidth: float64(lk.px(1))}

	cs := make([]chart.Series, len(ss))
	for i, s := range ss {
		cs[i] = line{
			name:   s.Name,
			pts:    s.Points,
			colour: lk.series(i),
			width:  2 * lk.scale,
		}
	}
	return chart.Chart{
		Width:        w,
		Height:       h,
		DPI:          lk.dpi(),
		Font:         f,
		ColorPalette: lk,
		Background:   chart.Style{FillColor: lk.bg, Padding: pad},
		Canvas:       chart.Style{FillColor: lk.bg},
		XAxis: chart.XAxis{
			Style:          axis,
			Ticks:          xTicks,
			GridMajorStyle: chart.Style{Hidden: true},
			GridMinorStyle: chart.Style{Hidden: true},
		},
		YAxis: chart.YAxis{
			Style:          axis,
			Ticks:          yTicks,
			GridMajorStyle: grid,
			GridMinorStyle: chart.Style{Hidden: true},
		},
		YAxisSecondary: chart.YAxis{Style: chart.Hidden()}, // else an axis line at the left edge
		Series:         cs,
		Elements:       []chart.Renderable{header(title, ss, w, lk, f, titlePt, axisPt, pad)},
	}
}

// strokeRun is how many segments of a line are stroked at once. The
// freetype rasteriser under go-chart keeps each pixel row's cells in a list
// that it searches linearly, so one stroke of a long, jagged line costs
// about the square of its crossings per row: 900 seconds of noisy p95
// took 370 ms in one stroke and take a few ms in runs of 16.
const strokeRun = 16

// line is a chart.Series that strokes its points in runs of strokeRun
// segments, for the reason above; go-chart's TimeSeries strokes them all at
// once.
type line struct {
	name   string
	pts    []XY
	colour drawing.Color
	width  float64
}

var _ chart.Series = line{}

func (l line) GetName() string           { return l.name }
func (l line) GetYAxis() chart.YAxisType { return chart.YAxisPrimary }
func (l line) GetStyle() chart.Style     { return chart.Style{StrokeColor: l.colour, StrokeWidth: l.width} }
func (l line) Validate() error           { return nil }

func (l line) Render(r chart.Renderer, cb chart.Box, xr, yr chart.Range, _ chart.Style) {
	r.SetStrokeColor(l.colour)
	r.SetStrokeWidth(l.width)
	px := func(p XY) (int, int) {
		return cb.Left + xr.Translate(chart.TimeToFloat64(p.X)), cb.Bottom - yr.Translate(p.Y)
	}
	x, y := px(l.pts[0])
	r.MoveTo(x, y)
	n := 0
	for _, p := range l.pts[1:] {
		nx, ny := px(p)
		if nx == x && ny == y {
			continue // same pixel: nothing to draw
		}
		x, y = nx, ny
		r.LineTo(x, y)
		if n++; n == strokeRun {
			r.Stroke()
			r.MoveTo(x, y)
			n = 0
		}
	}
	if n > 0 {
		r.Stroke()
	}
}

// header writes the title at the top left and the legend, a short line of
// each series' colour and its name, at the top right of a w pixels wide
// image. The title gives way to the legend when both do not fit.
func header(title string, ss []Series, w int, lk look, f *truetype.Font, titlePt, legendPt float64, pad chart.Box) chart.Renderable {
	return func(r chart.Renderer, _ chart.Box, _ chart.Style) {
		baseline := lk.px(6) + int(math.Round(lk.textPx(titlePt)))
		room := w - pad.Left - pad.Right

		// The legend first: it says what the lines are.
		fit := newFitter(f, legendPt, lk.dpi())
		sample, gap, between := lk.px(16), lk.px(5), lk.px(14)
		names := make([]string, len(ss))
		total := 0
		for i, s := range ss {
			names[i] = s.Name
			total += sample + gap + fit.width(s.Name)
		}
		total += between * (len(ss) - 1)
		if total > room {
			each := room/len(ss) - sample - gap - between
			total = 0
			for i := range names {
				names[i] = fit.fit(names[i], each)
				total += sample + gap + fit.width(names[i])
			}
			total += between * (len(ss) - 1)
		}
		x := w - pad.Right - total
		legendLeft := x
		mid := baseline - int(math.Round(0.35*lk.textPx(legendPt)))
		r.SetFont(f)
		r.SetFontSize(legendPt)
		r.SetFontColor(lk.fg)
		for i, name := range names {
			r.SetStrokeColor(lk.series(i))
			r.SetStrokeWidth(2 * lk.scale)
			r.MoveTo(x, mid)
			r.LineTo(x+sample, mid)
			r.Stroke()
			x += sample + gap
			r.Text(name, x, baseline)
			x += fit.width(name) + between
		}

		if title == "" {
			return
		}
		title = newFitter(f, titlePt, lk.dpi()).fit(title, legendLeft-pad.Left-lk.px(16))
		if title == "" {
			return
		}
		r.SetFontSize(titlePt)
		r.SetFontColor(lk.fg)
		r.Text(title, pad.Left, baseline)
	}
}
