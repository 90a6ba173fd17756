package charts

import (
	"image/color"
	"math"
	"testing"
	"time"
)

func TestKeys(t *testing.T) {
	st := DefaultStyle(false)
	series := []Series{{"p50", []XY{{t0, 1}, {t0.Add(time.Second), 2}}}}
	base := map[string]Key{
		"bars":  ModelUsageKey(usage, 800, 400, st),
		"lines": LinesKey("t", series, 800, 400, st, "ms"),
		"spark": SparklineKey([]float64{1, 2}, 120, 32, st),
	}
	// The same inputs give the same key, even from copies.
	same := map[string]Key{
		"bars":  ModelUsageKey(append([]Bar(nil), usage...), 800, 400, DefaultStyle(false)),
		"lines": LinesKey("t", []Series{{"p50", []XY{{t0, 1}, {t0.Add(time.Second), 2}}}}, 800, 400, DefaultStyle(false), "ms"),
		"spark": SparklineKey([]float64{1, 2}, 120, 32, DefaultStyle(false)),
	}
	for k := range base {
		if base[k] != same[k] {
			t.Errorf("%s: got different keys for the same inputs", k)
		}
	}
	dark := DefaultStyle(true)
	scaled := st
	scaled.Scale = 2
	bigger := st
	bigger.FontSize = 12
	red := st
	red.Palette = append([]color.Color{color.NRGBA{255, 0, 0, 255}}, st.Palette[1:]...)
	nodata := st
	nodata.NoData = "Sin datos"
	utc := st
	utc.Location = time.UTC
	changed := []struct {
		name string
		kind string
		key  Key
	}{
		{"bar value", "bars", ModelUsageKey([]Bar{{"gpt-4o", 121, 12}}, 800, 400, st)},
		{"bar errors", "bars", ModelUsageKey(append([]Bar{{"gpt-4o", 120, 13}}, usage[1:]...), 800, 400, st)},
		{"bar label", "bars", ModelUsageKey(append([]Bar{{"gpt-4", 120, 12}}, usage[1:]...), 800, 400, st)},
		{"bar order", "bars", ModelUsageKey([]Bar{usage[1], usage[0], usage[2], usage[3]}, 800, 400, st)},
		{"width", "bars", ModelUsageKey(usage, 801, 400, st)},
		{"height", "bars", ModelUsageKey(usage, 800, 401, st)},
		{"dark", "bars", ModelUsageKey(usage, 800, 400, dark)},
		{"scale", "bars", ModelUsageKey(usage, 800, 400, scaled)},
		{"font size", "bars", ModelUsageKey(usage, 800, 400, bigger)},
		{"palette", "bars", ModelUsageKey(usage, 800, 400, red)},
		{"no data text", "bars", ModelUsageKey(usage, 800, 400, nodata)},
		{"time zone", "lines", LinesKey("t", series, 800, 400, utc, "ms")},
		{"title", "lines", LinesKey("u", series, 800, 400, st, "ms")},
		{"unit", "lines", LinesKey("t", series, 800, 400, st, "s")},
		{"point time", "lines", LinesKey("t", []Series{{"p50", []XY{{t0, 1}, {t0.Add(time.Millisecond), 2}}}}, 800, 400, st, "ms")},
		{"point value", "lines", LinesKey("t", []Series{{"p50", []XY{{t0, 1}, {t0.Add(time.Second), 2.5}}}}, 800, 400, st, "ms")},
		{"series name", "lines", LinesKey("t", []Series{{"p95", series[0].Points}}, 800, 400, st, "ms")},
		{"title and name split", "lines", LinesKey("tp", []Series{{"50", series[0].Points}}, 800, 400, st, "ms")},
		{"value", "spark", SparklineKey([]float64{1, 3}, 120, 32, st)},
		{"NaN", "spark", SparklineKey([]float64{1, math.NaN()}, 120, 32, st)},
		{"length", "spark", SparklineKey([]float64{1, 2, 2}, 120, 32, st)},
	}
	for _, c := range changed {
		if c.key == base[c.kind] {
			t.Errorf("%s: got the same key after the change, want a different one", c.name)
		}
	}
	if ModelUsageKey(nil, 120, 32, st) == SparklineKey(nil, 120, 32, st) {
		t.Errorf("got the same key for an empty bar chart and an empty sparkline, want different")
	}
}
