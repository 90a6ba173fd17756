package charts

import (
	"image"
	"image/color"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	timeLoc = time.UTC // time labels, and so golden images, do not depend on the machine
	goleak.VerifyTestMain(m)
}

// within runs f and fails t if it takes longer than d, so that a render
// that hangs fails the test instead of the whole run. The goroutine of a
// hung f is left behind: Go cannot stop it.
// hangLimit is how long a render may take before within calls it a hang:
// go-chart loops forever on some inputs. It is no speed goal (those are
// benchmarks): under -race on a loaded 2-core machine a render that takes
// 5 ms alone took over 5 s, so the limit is generous.
const hangLimit = 2 * time.Minute

func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %v", d)
	}
}

// share returns the fraction of img's pixels for which match is true.
func share(img image.Image, match func(color.NRGBA) bool) float64 {
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if match(nrgba(img.At(x, y))) {
				n++
			}
		}
	}
	return float64(n) / float64(b.Dx()*b.Dy())
}

func nrgba(c color.Color) color.NRGBA { return color.NRGBAModel.Convert(c).(color.NRGBA) }

// near reports whether c is within 24 per channel of want.
func near(want color.Color) func(color.NRGBA) bool {
	w := nrgba(want)
	return func(c color.NRGBA) bool {
		d := func(a, b uint8) bool { return a-b < 24 || b-a < 24 }
		return d(c.R, w.R) && d(c.G, w.G) && d(c.B, w.B)
	}
}

// sameImage reports whether a and b have the same size and pixels.
func sameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if nrgba(a.At(x, y)) != nrgba(b.At(x, y)) {
				return false
			}
		}
	}
	return true
}

// isEmptyState reports whether img is the empty state of st at its size.
func isEmptyState(img image.Image, st Style) bool {
	b := img.Bounds()
	return sameImage(img, Empty(st.NoData, b.Dx(), b.Dy(), st))
}
