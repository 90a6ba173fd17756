package ui

import (
	"math"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2/lang"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"vigia/charts"
)

// numbers writes the figures the window shows (cards, chart labels, tables,
// result lines) by the conventions of the interface's language: 1,001.5 in
// English, 1.001,5 in Spanish. Files, logs, exports and what the person
// types back (limits in validation messages) stay as Go writes them.
//
// The separators come from CLDR through golang.org/x/text, read once per
// language; the figures are then written with strconv and the separators
// put in, which costs a tenth of message.Printer on the dashboard's
// once-a-second path (see BenchmarkNumbers). A numbers is immutable.
type numbers struct {
	sep charts.Numbers // the separators; the charts take them as they are

	// Layouts of a date and time to the minute and to the second.
	date, dateSec string
}

// localeKey is the entry of each translation file that names the
// language its numbers and dates follow, as a BCP 47 tag: asking Fyne for
// it says which file it chose, so the numbers follow the texts even when
// no file matched and Fyne fell back to English.
const localeKey = "number and date conventions (BCP 47 language tag)"

// english is the default until SetupLanguage ran, as the texts are.
var english = newNumbers(language.English)

// uiNumbers is the formatter of the interface's language; nil is english.
var uiNumbers atomic.Pointer[numbers]

// num returns the formatter of the interface's language. Safe from any
// goroutine: the dashboard builds its cards off the UI goroutine.
func num() *numbers {
	if n := uiNumbers.Load(); n != nil {
		return n
	}
	return english
}

// setNumbersLanguage picks the formatter of the translation Fyne chose;
// SetupLanguage calls it once the translations are loaded.
func setNumbersLanguage() {
	tag, err := language.Parse(lang.LocalizeKey(localeKey, "en"))
	if err != nil {
		tag = language.English
	}
	uiNumbers.Store(newNumbers(tag))
}

// dateLayouts holds the date layouts of the languages that do not write
// dates as the English interface does (ISO 8601, which sorts).
var dateLayouts = map[string][2]string{
	"es": {"02/01/2006 15:04", "02/01/2006 15:04:05"},
}

func newNumbers(tag language.Tag) *numbers {
	n := &numbers{sep: separators(tag), date: "2006-01-02 15:04", dateSec: "2006-01-02 15:04:05"}
	base, _ := tag.Base()
	if l, ok := dateLayouts[base.String()]; ok {
		n.date, n.dateSec = l[0], l[1]
	}
	return n
}

// separators reads tag's decimal and group separators from a number
// x/text writes: "1,234.5", "1.234,5", "1 234,5". A language whose digits
// are not ASCII gets English's: the figures are written with strconv.
func separators(tag language.Tag) charts.Numbers {
	s := message.NewPrinter(tag).Sprint(number.Decimal(1234.5, number.MinFractionDigits(1), number.MaxFractionDigits(1)))
	i := strings.Index(s, "234")
	if !strings.HasPrefix(s, "1") || i < 1 || !strings.HasSuffix(s, "5") || i+3 >= len(s)-1 {
		return charts.Numbers{Decimal: ".", Group: ","}
	}
	return charts.Numbers{Decimal: s[i+3 : len(s)-1], Group: s[1:i]}
}

// Charts returns the separators for charts.Style.Numbers.
func (n *numbers) Charts() charts.Numbers { return n.sep }

// fixed writes v with digits decimals, thousands grouped, and suffix.
func (n *numbers) fixed(v float64, digits int, suffix string) string {
	var buf [32]byte
	return n.sep.Format(strconv.AppendFloat(buf[:0], v, 'f', digits, 64), suffix)
}

// Int writes v with its thousands grouped: 1,001 or 1.001.
func (n *numbers) Int(v int64) string {
	var buf [24]byte
	return n.sep.Format(strconv.AppendInt(buf[:0], v, 10), "")
}

// Decimal writes v with digits decimals: 1,234.50 or 1.234,50.
func (n *numbers) Decimal(v float64, digits int) string { return n.fixed(v, digits, "") }

// Signed is Decimal with a sign also before a positive number: +0.50.
func (n *numbers) Signed(v float64, digits int) string {
	s := n.fixed(v, digits, "")
	if !math.Signbit(v) && !math.IsNaN(v) {
		return "+" + s
	}
	return s
}

// Percent writes share (0.0709) as a percentage with digits decimals:
// 7.09 % or 7,09 %. English keeps the space the app's texts use ("95 %
// of the tasks").
func (n *numbers) Percent(share float64, digits int) string {
	return n.fixed(100*share, digits, " %")
}

// Count writes a count to fit a card: 9,999, 12.3k, 123k, 1.2M, 123M (in
// Spanish 9.999, 12,3k).
func (n *numbers) Count(v int64) string {
	f := float64(v)
	switch {
	case v < 10_000:
		return n.Int(v)
	case v < 99_950: // below, one decimal does not round up to 100.0
		return n.fixed(f/1e3, 1, "k")
	case v < 999_500:
		return n.fixed(f/1e3, 0, "k")
	case v < 99_950_000:
		return n.fixed(f/1e6, 1, "M")
	}
	return n.fixed(f/1e6, 0, "M")
}

// Latency writes a time of ms milliseconds as the cards and tables show
// it: 0.42 ms, 42 ms, 1.23 s.
func (n *numbers) Latency(ms float64) string {
	switch {
	case ms >= 1000:
		return n.fixed(ms/1000, 2, " s")
	case ms >= 10:
		return n.fixed(ms, 0, " ms")
	}
	return n.fixed(ms, 2, " ms")
}

// Millis writes d in milliseconds: two decimals below 0.1 ms, one below
// 10 ms, whole above (2,345 ms).
func (n *numbers) Millis(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	switch {
	case ms >= 9.95:
		return n.fixed(ms, 0, " ms")
	case ms >= 0.095:
		return n.fixed(ms, 1, " ms")
	}
	return n.fixed(ms, 2, " ms")
}

// TaskTime says how long a task took, as precisely as reads well: 0.04 ms,
// 0.4 ms, 4.2 ms, 42 ms, 1.2 s, 42 s.
func (n *numbers) TaskTime(d time.Duration) string {
	s := d.Seconds()
	switch {
	case s >= 9.95:
		return n.fixed(s, 0, " s")
	case d >= 999500*time.Microsecond:
		return n.fixed(s, 1, " s")
	}
	return n.Millis(d)
}

// Rate writes a speed with no unit: whole from 10, one decimal below
// (42, 9.9).
func (n *numbers) Rate(v float64) string {
	if v >= 9.95 { // would round to 10.0
		return n.fixed(v, 0, "")
	}
	return n.fixed(v, 1, "")
}

// Speed writes output tokens per second: 42 tok/s, 9.9 tok/s.
func (n *numbers) Speed(v float64) string {
	if v >= 9.95 {
		return n.fixed(v, 0, " tok/s")
	}
	return n.fixed(v, 1, " tok/s")
}

// MB writes b bytes in megabytes (MiB, as the system's tools show memory)
// with digits decimals: 12.3 MB.
func (n *numbers) MB(b uint64, digits int) string { return n.fixed(mb(b), digits, " MB") }

// Date writes t's local date and time to the minute: 2025-03-01 14:05 in
// English, 01/03/2025 14:05 in Spanish.
func (n *numbers) Date(t time.Time) string { return t.Local().Format(n.date) }

// DateSeconds is Date to the second.
func (n *numbers) DateSeconds(t time.Time) string { return t.Local().Format(n.dateSec) }

// mb is b bytes in megabytes (MiB).
func mb(b uint64) float64 { return float64(b) / (1 << 20) }

// wholeMB writes b bytes in whole megabytes in the interface's language,
// for the status bar and the memory card.
func wholeMB(b uint64) string { return num().MB(b, 0) }
