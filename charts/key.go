package charts

import (
	"encoding/binary"
	"hash/maphash"
	"image/color"
	"math"
)

// Key is a fingerprint of everything a chart is drawn from: its data, its
// size and its style. Two renders with the same Key draw the same image
// (but for the time labels of Lines without a Style.Location, which follow
// the local zone), so the
// UI can keep the image it has. Keys are meant to be compared within one
// process only: they differ from one run to the next.
type Key uint64

// ModelUsageKey returns the Key of ModelUsage(bars, w, h, st).
func ModelUsageKey(bars []Bar, w, h int, st Style) Key {
	k := newKeyer("model usage", w, h, st)
	k.int(len(bars))
	for _, b := range bars {
		k.str(b.Label)
		k.f64(b.Value)
		k.f64(b.Errors)
	}
	return k.sum()
}

// LinesKey returns the Key of Lines(title, series, w, h, st, yUnit).
func LinesKey(title string, series []Series, w, h int, st Style, yUnit string) Key {
	k := newKeyer("lines", w, h, st)
	k.str(title)
	k.str(yUnit)
	k.int(len(series))
	for _, s := range series {
		k.str(s.Name)
		k.int(len(s.Points))
		for _, p := range s.Points {
			k.int(int(p.X.Unix()))
			k.int(p.X.Nanosecond())
			k.f64(p.Y)
		}
	}
	return k.sum()
}

// SparklineKey returns the Key of Sparkline(values, w, h, st).
func SparklineKey(values []float64, w, h int, st Style) Key {
	k := newKeyer("sparkline", w, h, st)
	k.int(len(values))
	for _, v := range values {
		k.f64(v)
	}
	return k.sum()
}

var keySeed = maphash.MakeSeed()

// keyer feeds a maphash.Hash without allocating.
type keyer struct {
	h   maphash.Hash
	buf [8]byte
}

func newKeyer(kind string, w, h int, st Style) *keyer {
	k := &keyer{}
	k.h.SetSeed(keySeed)
	k.str(kind)
	k.int(w)
	k.int(h)
	for _, c := range []color.Color{st.Background, st.Foreground, st.Grid, st.Error} {
		k.color(c)
	}
	k.int(len(st.Palette))
	for _, c := range st.Palette {
		k.color(c)
	}
	k.f64(st.FontSize)
	k.f64(float64(st.Scale))
	k.str(st.NoData)
	if st.Location != nil {
		k.str(st.Location.String())
	} else {
		k.str("")
	}
	k.str(st.Numbers.Decimal)
	k.str(st.Numbers.Group)
	return k
}

func (k *keyer) u64(v uint64) {
	binary.LittleEndian.PutUint64(k.buf[:], v)
	k.h.Write(k.buf[:])
}

func (k *keyer) int(v int)     { k.u64(uint64(v)) }
func (k *keyer) f64(v float64) { k.u64(math.Float64bits(v)) }

// str writes s with its length, so that ("ab", "c") and ("a", "bc") differ.
func (k *keyer) str(s string) {
	k.int(len(s))
	k.h.WriteString(s)
}

func (k *keyer) color(c color.Color) {
	if c == nil {
		k.u64(1 << 63)
		return
	}
	r, g, b, a := c.RGBA()
	k.u64(uint64(r)<<48 | uint64(g)<<32 | uint64(b)<<16 | uint64(a))
}

func (k *keyer) sum() Key { return Key(k.h.Sum64()) }
