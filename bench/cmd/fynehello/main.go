// Command fynehello is a bare Fyne window: the baseline that
// scripts/dashboard-budget.sh compares Vigía's idle CPU use with.
package main

import (
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("io.vigia.fynehello")
	w := a.NewWindow("fyne hello")
	w.SetContent(widget.NewLabel("Hello"))
	w.ShowAndRun()
}
