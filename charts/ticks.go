package charts

import (
	"bytes"
	"math"
	"strconv"
	"time"

	chart "github.com/wcharczuk/go-chart/v2"
)

// maxTicks bounds the ticks of any axis, whatever the range.
const maxTicks = 12

// niceStep returns a step of 1, 2, 2.5 or 5 times a power of ten that cuts
// span into at most n parts.
func niceStep(span float64, n int) float64 {
	n = min(max(n, 1), maxTicks)
	raw := span / float64(n)
	if !(raw > 0) || math.IsInf(raw, 0) {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw*(1-1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

// valueTicks returns at most n+1 ticks that cover [lo, hi] in nice steps,
// labelled with unit in nf's way, and the range they span, never zero wide.
// With whole, steps are whole numbers (counts).
func valueTicks(lo, hi float64, n int, whole bool, unit string, nf Numbers) (ticks []chart.Tick, bottom, top float64) {
	if !(hi > lo) {
		hi = lo + 1
	}
	step := niceStep(hi-lo, n)
	if whole {
		step = math.Max(1, math.Round(step))
	}
	bottom = math.Floor(lo/step) * step
	top = math.Ceil(hi/step) * step
	if !(top > bottom) {
		top = bottom + step
	}
	for i := 0; i <= maxTicks+2; i++ {
		v := bottom + float64(i)*step
		if v > top+step/2 {
			break
		}
		ticks = append(ticks, chart.Tick{Value: v, Label: withUnit(formatValue(v, step, nf), unit)})
	}
	return ticks, bottom, top
}

func withUnit(s, unit string) string {
	if unit == "" {
		return s
	}
	return s + " " + unit
}

var suffixes = []struct {
	div    float64
	suffix string
}{{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}}

// formatValue formats an axis value with as many decimals as step needs,
// and k, M, G or T from ten thousand on, with nf's separators.
func formatValue(v, step float64, nf Numbers) string {
	if v == 0 {
		return "0"
	}
	div, suffix := 1.0, ""
	if math.Abs(v) >= 1e4 {
		for _, s := range suffixes {
			if math.Abs(v) >= s.div {
				div, suffix = s.div, s.suffix
				break
			}
		}
	}
	d, st := 0, step/div
	for ; d < 6; d++ {
		x := st * math.Pow(10, float64(d))
		if math.Abs(x-math.Round(x)) < 1e-6*x {
			break
		}
	}
	var buf [32]byte
	return nf.Format(strconv.AppendFloat(buf[:0], v/div, 'f', d, 64), suffix)
}

// formatCount formats a bar's value: exact up to 99 999, then three
// significant digits with k, M, G or T; fractions keep two decimals. nf
// gives the separators.
func formatCount(v float64, nf Numbers) string {
	var buf [32]byte
	a := math.Abs(v)
	if a < 1e5 {
		if v == math.Trunc(v) {
			return nf.Format(strconv.AppendFloat(buf[:0], v, 'f', 0, 64), "")
		}
		b := strconv.AppendFloat(buf[:0], v, 'f', 2, 64)
		b = bytes.TrimRight(bytes.TrimRight(b, "0"), ".")
		return nf.Format(b, "")
	}
	for _, s := range suffixes {
		if a >= s.div {
			x := v / s.div
			d := 0
			switch {
			case math.Abs(x) < 10:
				d = 2
			case math.Abs(x) < 100:
				d = 1
			}
			return nf.Format(strconv.AppendFloat(buf[:0], x, 'f', d, 64), s.suffix)
		}
	}
	return nf.Format(strconv.AppendFloat(buf[:0], v, 'f', 0, 64), "")
}

var timeSteps = []time.Duration{
	time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second, 30 * time.Second,
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour,
}

// timeTicks returns at most n ticks at whole steps between lo and hi,
// labelled in loc: with seconds under two minutes, with the date over a day.
func timeTicks(lo, hi time.Time, n int, loc *time.Location) []chart.Tick {
	n = min(max(n, 2), maxTicks)
	span := hi.Sub(lo)
	step := timeSteps[len(timeSteps)-1]
	for _, s := range timeSteps {
		if span/s <= time.Duration(n-1) {
			step = s
			break
		}
	}
	for span/step > time.Duration(n-1) {
		step *= 2
	}
	layout := "15:04"
	switch {
	case span < 2*time.Minute:
		layout = "15:04:05"
	case span > 24*time.Hour:
		layout = "01-02 15:04"
	}
	var ticks []chart.Tick
	for t := lo.Truncate(step); !t.After(hi) && len(ticks) <= maxTicks; t = t.Add(step) {
		if t.Before(lo) {
			continue
		}
		ticks = append(ticks, chart.Tick{Value: chart.TimeToFloat64(t), Label: t.In(loc).Format(layout)})
	}
	return ticks
}
