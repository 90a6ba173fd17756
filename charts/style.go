package charts

import (
	"image/color"
	"math"
	"sync"
	"time"

	"github.com/golang/freetype/truetype"
	"github.com/wcharczuk/go-chart/v2/drawing"
	"github.com/wcharczuk/go-chart/v2/roboto"
)

// Style is how charts look. The UI fills it from the Fyne theme; any field
// left at its zero value takes the value of DefaultStyle(false).
type Style struct {
	Background color.Color // behind everything
	Foreground color.Color // text and axis labels
	Grid       color.Color // grid and axis lines
	Error      color.Color // the error part of bars

	// Palette colours the series in order, and starts again when there are
	// more series than colours. Palette[0] colours bars and sparklines.
	Palette []color.Color

	// FontSize is the text size in points (1/72 inch) at 96 dpi, so that a
	// point is 4/3 pixel at Scale 1: Fyne's theme.TextSize() of 14 is 10.5
	// points. Zero means 10.5; it is clamped to [6, 32]. Titles are 15 %
	// larger, value labels 10 % smaller.
	FontSize float64

	// Scale is the canvas scale (fyne.Canvas.Scale): 1 is 96 dpi. Text, line
	// widths and margins grow with it; image sizes do not, they are given in
	// device pixels. Zero means 1; it is clamped to [0.5, 4].
	Scale float32

	// NoData is the text of the empty state that charts draw when they have
	// nothing to show; empty means no text. The UI sets it to its
	// translation; DefaultStyle sets "No data yet".
	NoData string

	// Location is the zone of the time labels of Lines; nil means
	// time.Local. Golden tests set it so that images do not depend on the
	// machine's zone.
	Location *time.Location

	// Numbers is how the axis and value labels write numbers; the zero
	// value writes them as Go does, 1234.5. The UI sets its language's.
	Numbers Numbers
}

// Numbers holds the separators of one language's numbers, such as
// {Decimal: ",", Group: "."} for Spanish: 1.234,5.
type Numbers struct {
	Decimal string // between the whole part and the fraction; empty means "."
	Group   string // between groups of three digits of the whole part; empty means none
}

// Format returns b, a number as strconv writes it ([-]digits[.digits]),
// with n's separators, followed by suffix. What is not such a number
// (NaN, ±Inf) keeps its text. The UI writes its own figures with it.
func (n Numbers) Format(b []byte, suffix string) string {
	if n.Group == "" && (n.Decimal == "" || n.Decimal == ".") {
		return string(b) + suffix
	}
	start := 0
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		start = 1
	}
	end := start
	for end < len(b) && b[end] >= '0' && b[end] <= '9' {
		end++
	}
	if end == start {
		return string(b) + suffix
	}
	out := make([]byte, 0, len(b)+len(suffix)+8)
	out = append(out, b[:start]...)
	for i := start; i < end; i++ {
		if i > start && (end-i)%3 == 0 {
			out = append(out, n.Group...)
		}
		out = append(out, b[i])
	}
	if end < len(b) {
		if n.Decimal == "" {
			out = append(out, '.')
		} else {
			out = append(out, n.Decimal...)
		}
		out = append(out, b[end+1:]...)
	}
	return string(append(out, suffix...))
}

// DefaultStyle returns Vigía's light or dark chart style, close to Fyne's
// default theme.
func DefaultStyle(dark bool) Style {
	palette := []color.Color{
		color.NRGBA{0x29, 0x6f, 0xf6, 0xff}, // Fyne's primary blue
		color.NRGBA{0xf5, 0x7c, 0x00, 0xff}, // orange
		color.NRGBA{0x2e, 0x9d, 0x4f, 0xff}, // green
		color.NRGBA{0x8e, 0x44, 0xad, 0xff}, // purple
		color.NRGBA{0x00, 0x97, 0xa7, 0xff}, // teal
		color.NRGBA{0x79, 0x55, 0x48, 0xff}, // brown
	}
	st := Style{
		Background: color.NRGBA{0xff, 0xff, 0xff, 0xff},
		Foreground: color.NRGBA{0x21, 0x21, 0x21, 0xff},
		Grid:       color.NRGBA{0xdd, 0xdd, 0xdd, 0xff},
		Error:      color.NRGBA{0xe5, 0x39, 0x35, 0xff},
		Palette:    palette,
		FontSize:   defaultFontSize,
		Scale:      1,
		NoData:     "No data yet",
	}
	if dark {
		st.Background = color.NRGBA{0x17, 0x17, 0x18, 0xff}
		st.Foreground = color.NRGBA{0xf3, 0xf3, 0xf3, 0xff}
		st.Grid = color.NRGBA{0x3a, 0x3a, 0x3c, 0xff}
		st.Error = color.NRGBA{0xef, 0x53, 0x50, 0xff}
		st.Palette[0] = color.NRGBA{0x4d, 0x8d, 0xff, 0xff}
	}
	return st
}

const (
	defaultFontSize = 10.5 // points: 14 px at 96 dpi, Fyne's text size
	minFontSize     = 6
	maxFontSize     = 32
	minScale        = 0.5
	maxScale        = 4
)

// look is a Style resolved for drawing: defaults applied, values clamped,
// colours converted to go-chart's. It implements chart.ColorPalette.
type look struct {
	bg, fg, grid, err drawing.Color
	palette           []drawing.Color
	pt                float64 // text size, points
	scale             float64
	noData            string
	loc               *time.Location // of time labels; never nil
	numbers           Numbers
}

func resolve(st Style) look {
	def := DefaultStyle(false)
	pick := func(c, d color.Color) drawing.Color {
		if c == nil {
			c = d
		}
		return toDrawing(c)
	}
	lk := look{
		bg:      pick(st.Background, def.Background),
		fg:      pick(st.Foreground, def.Foreground),
		grid:    pick(st.Grid, def.Grid),
		err:     pick(st.Error, def.Error),
		pt:      clampOr(st.FontSize, defaultFontSize, minFontSize, maxFontSize),
		scale:   clampOr(float64(st.Scale), 1, minScale, maxScale),
		noData:  st.NoData,
		loc:     st.Location,
		numbers: st.Numbers,
	}
	if lk.loc == nil {
		lk.loc = timeLoc
	}
	src := st.Palette
	if len(src) == 0 {
		src = def.Palette
	}
	for _, c := range src {
		if c != nil {
			lk.palette = append(lk.palette, toDrawing(c))
		}
	}
	if len(lk.palette) == 0 {
		lk.palette = []drawing.Color{toDrawing(def.Palette[0])}
	}
	return lk
}

// clampOr returns v clamped to [lo, hi], or def when v is zero or not a
// number.
func clampOr(v, def, lo, hi float64) float64 {
	if v == 0 || math.IsNaN(v) {
		return def
	}
	return min(max(v, lo), hi)
}

func toDrawing(c color.Color) drawing.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	return drawing.Color{R: n.R, G: n.G, B: n.B, A: n.A}
}

// dpi is the resolution to give go-chart so that its text is lk.pt points
// at 96 dpi times Scale. go-chart's drawing package sizes text at
// points × dpi / 64 pixels per em, where points × dpi / 72 is meant (its
// "10 pt" at 96 dpi is 15 px, not 13.3), hence the 64/72. The resolution
// affects nothing but text.
func (lk look) dpi() float64 { return 96 * lk.scale * 64 / 72 }

// px returns v pixels at scale 1 in device pixels, at least 1.
func (lk look) px(v float64) int { return max(1, int(math.Round(v*lk.scale))) }

// textPx is the size in device pixels of an em of text of pt points.
func (lk look) textPx(pt float64) float64 { return pt * lk.dpi() / 64 }

func (lk look) series(i int) drawing.Color { return lk.palette[i%len(lk.palette)] }

// chart.ColorPalette, so that whatever go-chart draws by default follows the
// style.
func (lk look) BackgroundColor() drawing.Color       { return lk.bg }
func (lk look) BackgroundStrokeColor() drawing.Color { return lk.bg }
func (lk look) CanvasColor() drawing.Color           { return lk.bg }
func (lk look) CanvasStrokeColor() drawing.Color     { return lk.bg }
func (lk look) AxisStrokeColor() drawing.Color       { return lk.grid }
func (lk look) TextColor() drawing.Color             { return lk.fg }
func (lk look) GetSeriesColor(i int) drawing.Color   { return lk.series(i) }

// font is Roboto, which go-chart embeds, parsed once. go-chart's own
// GetDefaultFont reads its cache without a lock, so charts always pass it.
var font = sync.OnceValues(func() (*truetype.Font, error) {
	return truetype.Parse(roboto.Roboto)
})
