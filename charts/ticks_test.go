package charts

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestValueTicks(t *testing.T) {
	tests := []struct {
		lo, hi          float64
		n               int
		whole           bool
		unit            string
		want            string
		bottom, topWant float64
	}{
		{0, 120, 6, true, "", "0 20 40 60 80 100 120", 0, 120},
		{0, 121, 6, true, "", "0 25 50 75 100 125", 0, 125},
		{0, 1, 5, true, "", "0 1", 0, 1},
		{0, 3, 8, true, "", "0 1 2 3", 0, 3},
		{0, 0.3, 3, false, "ms", "0 ms 0.1 ms 0.2 ms 0.3 ms", 0, 0.3},
		{0, 0, 4, false, "", "0 0.25 0.50 0.75 1.00", 0, 1},
		{5, 5, 4, false, "", "5.00 5.25 5.50 5.75 6.00", 5, 6},
		{-5, 3, 4, false, "", "-6 -4 -2 0 2 4", -6, 4},
		{0, 45000, 4, true, "", "0 20k 40k 60k", 0, 60000},
		{0, 2.5e6, 5, false, "MiB", "0 MiB 500k MiB 1.0M MiB 1.5M MiB 2.0M MiB 2.5M MiB", 0, 2.5e6},
		{0, 1e15, 100, false, "", "0 100T 200T 300T 400T 500T 600T 700T 800T 900T 1000T", 0, 1e15},
	}
	for _, tt := range tests {
		ticks, bottom, top := valueTicks(tt.lo, tt.hi, tt.n, tt.whole, tt.unit, Numbers{})
		var labels []string
		for _, tk := range ticks {
			labels = append(labels, tk.Label)
		}
		if got := strings.Join(labels, " "); got != tt.want {
			t.Errorf("valueTicks(%v, %v, %d): got %q, want %q", tt.lo, tt.hi, tt.n, got, tt.want)
		}
		if math.Abs(bottom-tt.bottom) > 1e-9*math.Abs(tt.topWant) || math.Abs(top-tt.topWant) > 1e-9*math.Abs(tt.topWant) {
			t.Errorf("valueTicks(%v, %v, %d): got range [%v, %v], want [%v, %v]", tt.lo, tt.hi, tt.n, bottom, top, tt.bottom, tt.topWant)
		}
		if len(ticks) > maxTicks+1 {
			t.Errorf("valueTicks(%v, %v, %d): got %d ticks, want at most %d", tt.lo, tt.hi, tt.n, len(ticks), maxTicks+1)
		}
	}
}

func TestFormatCount(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0"},
		{7, "7"},
		{99999, "99999"},
		{0.25, "0.25"},
		{2.5, "2.5"},
		{123456, "123k"},
		{1234567, "1.23M"},
		{45e9, "45.0G"},
		{1e15, "1000T"},
	}
	for _, tt := range tests {
		if got := formatCount(tt.v, Numbers{}); got != tt.want {
			t.Errorf("formatCount(%v): got %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestTimeTicks(t *testing.T) {
	tests := []struct {
		span  time.Duration
		n     int
		first string
		step  time.Duration
	}{
		{15 * time.Minute, 9, "10:00", 2 * time.Minute},
		{15 * time.Minute, 4, "10:00", 5 * time.Minute},
		{90 * time.Second, 7, "10:00:00", 15 * time.Second},
		{3 * time.Second, 12, "10:00:00", time.Second},
		{50 * time.Hour, 6, "01-02 12:00", 12 * time.Hour},
		{250 * 365 * 24 * time.Hour, 6, "", 0},
	}
	for _, tt := range tests {
		ticks := timeTicks(t0, t0.Add(tt.span), tt.n, time.UTC)
		if len(ticks) > min(tt.n, maxTicks)+1 {
			t.Errorf("span %v: got %d ticks, want at most %d", tt.span, len(ticks), tt.n)
		}
		if tt.step == 0 {
			continue
		}
		if len(ticks) < 2 {
			t.Fatalf("span %v: got %d ticks, want 2 or more", tt.span, len(ticks))
		}
		if got := ticks[0].Label; got != tt.first {
			t.Errorf("span %v: got first label %q, want %q", tt.span, got, tt.first)
		}
		if got := time.Duration(ticks[1].Value - ticks[0].Value); got != tt.step {
			t.Errorf("span %v: got step %v, want %v", tt.span, got, tt.step)
		}
	}
}

var spanish = Numbers{Decimal: ",", Group: "."}

// TestNumbers: the axis and value labels follow the style's separators;
// the zero value writes what strconv writes.
func TestNumbers(t *testing.T) {
	tests := []struct {
		nf         Numbers
		in, suffix string
		want       string
	}{
		{Numbers{}, "1234.5", " ms", "1234.5 ms"},
		{Numbers{Decimal: ".", Group: ","}, "1234567.25", "", "1,234,567.25"},
		{spanish, "1001", "", "1.001"},
		{spanish, "-1234.5", "k", "-1.234,5k"},
		{spanish, "999.99", "", "999,99"},
		{spanish, "0.5", " %", "0,5 %"},
		{spanish, "NaN", "", "NaN"},
		{spanish, "+Inf", "", "+Inf"},
		{Numbers{Decimal: ","}, "12345.6", "", "12345,6"},
		{Numbers{Decimal: ",", Group: "\u202f"}, "12345.6", "", "12\u202f345,6"},
	}
	for _, tt := range tests {
		if got := tt.nf.Format([]byte(tt.in), tt.suffix); got != tt.want {
			t.Errorf("%+v.Format(%q, %q): got %q, want %q", tt.nf, tt.in, tt.suffix, got, tt.want)
		}
	}
}

func TestTicksInSpanish(t *testing.T) {
	ticks, _, _ := valueTicks(0, 0.3, 3, false, "ms", spanish)
	var labels []string
	for _, tk := range ticks {
		labels = append(labels, tk.Label)
	}
	if got, want := strings.Join(labels, " "), "0 ms 0,1 ms 0,2 ms 0,3 ms"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	ticks, _, _ = valueTicks(0, 2.5e6, 5, false, "MB", spanish)
	if got, want := ticks[2].Label, "1,0M MB"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	ticks, _, _ = valueTicks(0, 5000, 5, true, "", spanish)
	if got, want := ticks[len(ticks)-1].Label, "5.000"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	for v, want := range map[float64]string{1001: "1.001", 99999: "99.999", 2.5: "2,5", 0.25: "0,25", 123456: "123k", 1234567: "1,23M"} {
		if got := formatCount(v, spanish); got != want {
			t.Errorf("formatCount(%v) in Spanish: got %q, want %q", v, got, want)
		}
	}
}

// TestKeyFollowsNumbers: a change of language draws the charts again.
func TestKeyFollowsNumbers(t *testing.T) {
	st := DefaultStyle(false)
	es := st
	es.Numbers = spanish
	bars := []Bar{{Label: "gpt", Value: 1001}}
	if ModelUsageKey(bars, 100, 50, st) == ModelUsageKey(bars, 100, 50, es) {
		t.Error("the key does not change with the separators")
	}
}

func BenchmarkFormatValue(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		formatValue(1234.5, 0.5, spanish)
	}
}
