package charts

import (
	"image"
	"image/draw"

	"github.com/wcharczuk/go-chart/v2/drawing"
)

// maxMessageRunes bounds the empty state's text before it is fitted to the
// width.
const maxMessageRunes = 200

// Empty returns the empty state: a w×h image of the style's background with
// msg centred in a muted foreground colour, cut with "…" to fit. Charts
// return it, with Style.NoData as msg, whenever they have nothing to draw;
// an empty msg gives the bare background. Sizes are in device pixels and
// clamped to [1, MaxSide]. Empty never fails: if the text cannot be drawn,
// the background is returned without it.
func Empty(msg string, w, h int, st Style) image.Image {
	w, h = size(w, h)
	lk := resolve(st)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(lk.bg), image.Point{}, draw.Src)
	msg = oneLine(msg, maxMessageRunes)
	if msg == "" {
		return img
	}
	// Text at most 60 % of the height, so that it fits small cards.
	pt := min(lk.pt, 0.6*float64(h)*64/lk.dpi())
	if pt < 4 {
		return img
	}
	func() {
		defer func() { _ = recover() }() // the background alone is still an empty state
		f, err := font()
		if err != nil {
			return
		}
		margin := lk.px(8)
		fit := newFitter(f, pt, lk.dpi())
		msg = fit.fit(msg, w-2*margin)
		if msg == "" {
			return
		}
		gc, err := drawing.NewRasterGraphicContext(img)
		if err != nil {
			return
		}
		gc.SetFont(f)
		gc.SetDPI(lk.dpi())
		gc.SetFontSize(pt)
		gc.SetFillColor(mix(lk.fg, lk.bg, 0.6))
		x := float64(w-fit.width(msg)) / 2
		y := float64(h)/2 + 0.36*lk.textPx(pt) // cap height of Roboto is about 0.71 em
		gc.FillStringAt(msg, x, y)
	}()
	return img
}

// mix returns a·c + (1-a)·d, channel by channel.
func mix(c, d drawing.Color, a float64) drawing.Color {
	ch := func(x, y uint8) uint8 { return uint8(a*float64(x) + (1-a)*float64(y) + 0.5) }
	return drawing.Color{R: ch(c.R, d.R), G: ch(c.G, d.G), B: ch(c.B, d.B), A: ch(c.A, d.A)}
}
