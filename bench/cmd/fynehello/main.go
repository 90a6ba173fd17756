// Command fynehello is a bare Fyne window: the baseline that
// scripts/dashboard-budget.sh compares Vigía's idle CPU use with, and
// bench/report.sh Vigía's time to its first frame.
//
// Built with -ldflags "-X main.size=WIDTHxHEIGHT" it opens at that size
// (Vigía's default window, say) rather than fitted to its one label, so
// that the two windows have as many pixels to clear and paint.
package main

import (
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

// size is the window's size, WIDTHxHEIGHT in Fyne's units; empty for the
// label's own.
var size string

func main() {
	a := app.NewWithID("io.vigia.fynehello")
	w := a.NewWindow("fyne hello")
	w.SetContent(widget.NewLabel("Hello"))
	if size != "" {
		var width, height float32
		if _, err := fmt.Sscanf(size, "%fx%f", &width, &height); err != nil || width <= 0 || height <= 0 {
			fmt.Fprintf(os.Stderr, "fynehello: bad size %q, want WIDTHxHEIGHT\n", size)
			os.Exit(2)
		}
		w.Resize(fyne.NewSize(width, height))
	}
	w.ShowAndRun()
}
