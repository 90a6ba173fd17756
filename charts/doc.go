// Package charts draws Vigía's dashboard charts into images: the model usage
// bar chart, time-series lines, card sparklines and the empty state shown
// when there is nothing to chart.
//
// The package knows nothing of Fyne. It takes plain data ([Bar], [Series],
// []float64) and a [Style] that the UI fills from its theme (colours, text
// size, canvas scale), and returns an [image.Image] in device pixels for the
// UI to show with canvas.Image. Converters such as [BarsFromSummary] and
// [LatencySeries] turn vigia/metrics figures into that plain data.
//
// The bar chart and the lines are drawn with github.com/wcharczuk/go-chart/v2,
// which is archived upstream and has known failures; the sparkline and the
// empty state are painted with its drawing package only. Every entry point
// sanitises its input first, so that go-chart is never asked to draw what
// makes it fail:
//
//   - nothing to draw (no bars, all-zero bars, fewer than two points, zero
//     size) gives the empty state, never an error;
//   - NaN and ±Inf are dropped and magnitudes clamped to ±1e15 (a NaN, an
//     infinite or a ±1e308 bar makes go-chart v2.1.2's BarChart loop
//     forever), and the value ranges are set by this package, never zero
//     wide, so go-chart never reports "invalid data range" (go-chart#62);
//   - labels are cut to [MaxLabelRunes] runes and then to the width they are
//     given, and go-chart's word wrap is turned off, so that a long label
//     can neither cost quadratic time nor push the canvas box inside out,
//     where the rasteriser can loop forever (go-chart#59; CVE-2024-40060
//     for stacked bars, which v2.1.2 turns into an "invalid canvas box"
//     error; its BarChart, used here, has no such check);
//   - bar, series, point and tick counts, sizes, font sizes and scales are
//     bounded, so the work of a render is bounded by the image size;
//   - a panic inside go-chart is recovered and turned into the empty state
//     plus an error for the log.
//
// Termination is guaranteed by those bounds rather than by a timeout: Go
// cannot stop a goroutine that loops, so a watchdog could only abandon a
// spinning render, not end it. A chart takes 3 to 7 ms and 1.6 to 1.8 MB at
// 800×400 (15 to 20 ms for 1800 points of pure noise, the worst case), and
// holds no state between calls; all functions are safe for concurrent use.
//
// [ModelUsageKey], [LinesKey] and [SparklineKey] fingerprint the inputs of
// a render, so that the UI can skip it when neither the data, the size nor
// the style changed.
package charts
