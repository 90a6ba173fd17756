package charts

import (
	"errors"
	"fmt"
	"image"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/golang/freetype/truetype"
	chart "github.com/wcharczuk/go-chart/v2"
	"golang.org/x/image/math/fixed"
)

const (
	// MaxLabelRunes is the longest label, in runes, that reaches go-chart;
	// longer ones end in "…". Labels are cut further to fit their place.
	MaxLabelRunes = 24

	// MaxSide is the largest image side, in device pixels; larger sizes are
	// clamped so that one render cannot allocate without bound.
	MaxSide = 4096

	// maxValue bounds magnitudes so that ranges and their differences stay
	// finite: go-chart turns NaN pixel positions into coordinates that can
	// hang the rasteriser.
	maxValue = 1e15
)

// size clamps a requested image size to [1, MaxSide].
func size(w, h int) (int, int) {
	return min(max(w, 1), MaxSide), min(max(h, 1), MaxSide)
}

// Below minChartW×minChartH pixels at scale 1 and the default text size,
// and proportionally more with larger text or scale, a chart is not worth
// reading and its canvas shrinks towards nothing: charts draw the empty
// state instead.
const minChartW, minChartH = 240, 150

// fits reports whether a w×h image holds a readable chart, with a canvas of
// a positive size once margins, axes and text are laid out.
func (lk look) fits(w, h int) bool {
	k := lk.scale * lk.pt / defaultFontSize
	return float64(w) >= minChartW*k && float64(h) >= minChartH*k
}

// finite returns v clamped to ±maxValue, and false for NaN and ±Inf.
func finite(v float64) (float64, bool) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return min(max(v, -maxValue), maxValue), true
}

// cleanLabel makes s a label of at most MaxLabelRunes runes.
func cleanLabel(s string) string { return oneLine(s, MaxLabelRunes) }

// oneLine makes s one line of at most n runes: white space, control
// characters and invalid UTF-8 become spaces, runs of them one space, and a
// longer text keeps n-1 runes and "…". It stops reading s once it has n+1
// runes, however long s is.
func oneLine(s string, n int) string {
	if n < 1 {
		return ""
	}
	out := make([]rune, 0, n+1)
	space := false
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsControl(r) {
			space = true
			continue
		}
		if space && len(out) > 0 {
			out = append(out, ' ')
		}
		space = false
		out = append(out, r)
		if len(out) > n {
			out = out[:n-1]
			for len(out) > 0 && out[len(out)-1] == ' ' {
				out = out[:len(out)-1]
			}
			return string(append(out, '…'))
		}
	}
	return string(out)
}

// fitter measures text as go-chart's raster renderer lays it out (advance
// widths and kerning), to cut labels to the width they are given before
// go-chart wraps them. It reads the font's tables directly: a
// truetype.Face would allocate a 1.3 MB glyph cache per render.
type fitter struct {
	f     *truetype.Font
	scale fixed.Int26_6 // pixels per em
}

// newFitter measures text of pt points at dpi as go-chart draws it: at
// pt·dpi/64 pixels per em (see look.dpi).
func newFitter(f *truetype.Font, pt, dpi float64) fitter {
	return fitter{f: f, scale: fixed.Int26_6(pt * dpi)}
}

// advance returns the advance of r after prev (or -1), kerning included.
func (f fitter) advance(prev, r rune) fixed.Int26_6 {
	i := f.f.Index(r)
	a := f.f.HMetric(f.scale, i).AdvanceWidth
	if prev >= 0 {
		a += f.f.Kern(f.scale, f.f.Index(prev), i)
	}
	return a
}

func (f fitter) width(s string) int {
	var w fixed.Int26_6
	prev := rune(-1)
	for _, r := range s {
		w += f.advance(prev, r)
		prev = r
	}
	return w.Ceil()
}

// fit returns s, or its longest prefix that fits in width pixels with "…"
// after it; "" when not even "…" fits.
func (f fitter) fit(s string, width int) string {
	if f.width(s) <= width {
		return s
	}
	ell := f.advance(-1, '…')
	var w fixed.Int26_6
	prev := rune(-1)
	for i, r := range s {
		adv := f.advance(prev, r)
		if (w + adv + ell).Ceil() > width {
			if i == 0 {
				if ell.Ceil() > width {
					return ""
				}
				return "…"
			}
			return strings.TrimRight(s[:i], " ") + "…"
		}
		w += adv
		prev = r
	}
	return s
}

// newRenderer makes go-chart's raster renderer; a variable so that tests
// can make go-chart fail or panic.
var newRenderer chart.RendererProvider = chart.PNG

// errPanic wraps what a recovered go-chart panic carried.
var errPanic = errors.New("go-chart panicked")

// render runs draw, which renders a go-chart chart into iw, and returns the
// image. A panic or an error from go-chart gives the empty state and an
// error the caller can log.
func render(what string, w, h int, st Style, draw func(iw *chart.ImageWriter) error) (img image.Image, err error) {
	defer func() {
		if p := recover(); p != nil {
			img, err = Empty(st.NoData, w, h, st), fmt.Errorf("%s: %w: %v", what, errPanic, p)
		}
	}()
	var iw chart.ImageWriter
	if err := draw(&iw); err != nil {
		return Empty(st.NoData, w, h, st), fmt.Errorf("%s: %w", what, err)
	}
	img, err = iw.Image()
	if err != nil {
		return Empty(st.NoData, w, h, st), fmt.Errorf("%s: %w", what, err)
	}
	return img, nil
}
