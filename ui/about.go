package ui

import (
	"fmt"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"vigia/report"
	"vigia/session"
)

// aboutText is what the About dialog shows, and what it copies.
func (w *sessionWindow) aboutText() string {
	d := w.app.deps
	logFile := d.Logs.AppLogPath()
	if logFile == "" {
		logFile = L("none")
	}
	return fmt.Sprintf("Vigía %s (%s %d)\nFyne %s, %s, %s/%s\n%s: %s\n%s: %s",
		d.Version, L("build"), d.Build, report.FyneVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH,
		L("Log file"), logFile, L("Session"), w.sess.ID())
}

// onAbout shows the version, build and the paths a bug report needs, with
// a button that copies them.
func (w *sessionWindow) onAbout() {
	defer w.guard("about")
	session.Track(w.ctx, "about", "")
	text := w.aboutText()
	info := &widget.Label{Text: text, Selectable: true}
	copyBtn := widget.NewButton(L("Copy"), func() { fyne.CurrentApp().Clipboard().SetContent(text) })
	title := widget.NewLabelWithStyle(L("Vigía watches its own work: every task timed, guarded and logged."), fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	w.about = dialog.NewCustom(L("About Vigía"), L("Close"), container.NewVBox(title, info, container.NewHBox(copyBtn)), w.win)
	w.about.Show()
}
