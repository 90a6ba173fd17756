package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"vigia/session"
)

// sessionWindow is one window and its session.
type sessionWindow struct {
	app  *App
	sess *session.Session
	ctx  context.Context
	win  fyne.Window

	level  *widget.Label
	debug  *widget.Check
	banner *fyne.Container
}

func newSessionWindow(a *App) *sessionWindow {
	s, ctx := a.sessions.Start(a.ctx)
	w := &sessionWindow{app: a, sess: s, ctx: ctx}
	w.win = a.fyne.NewWindow("Vigía — session " + s.ShortID())
	w.win.SetContent(w.buildUI())
	w.win.Resize(fyne.NewSize(720, 420))
	w.win.SetOnClosed(func() { a.onWindowClosed(w) })
	w.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyD, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
		w.debug.SetChecked(!w.debug.Checked) // runs onDebugChanged
	})
	return w
}

func (w *sessionWindow) buildUI() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("Vigía", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	subtitle := widget.NewLabel("Watches its own work: every task and action of this session is timed, guarded and logged.")
	subtitle.Wrapping = fyne.TextWrapWord

	id := &widget.Label{Text: w.sess.ID(), Selectable: true}
	started := widget.NewLabel(w.sess.Start().Format("2006-01-02 15:04:05"))
	logFile := &widget.Label{Text: w.app.logs.AppLogPath(), Selectable: true, Truncation: fyne.TextTruncateEllipsis}
	w.level = widget.NewLabel(levelText(w.app.logs.Debug()))
	w.debug = &widget.Check{Text: "Debug mode (Ctrl+D)", Checked: w.app.logs.Debug(), OnChanged: w.onDebugChanged}

	form := container.New(layout.NewFormLayout(),
		bold("Session"), id,
		bold("Started"), started,
		bold("Log file"), logFile,
		bold("Log level"), w.level,
	)
	w.banner = container.NewVBox()
	if err := w.app.logs.Problem(); err != nil {
		w.showBanner("Logs can't be written to disk: " + err.Error() + ". They still appear on the console.")
	}
	return container.NewBorder(
		container.NewVBox(w.banner, title, subtitle, widget.NewSeparator()),
		container.NewHBox(w.debug),
		nil, nil,
		container.NewVScroll(form),
	)
}

func bold(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
}

func levelText(debug bool) string {
	if debug {
		return "DEBUG (debug.log open)"
	}
	return "INFO"
}

func (w *sessionWindow) showBanner(text string) {
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	msg.Importance = widget.WarningImportance
	w.banner.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, msg))
}

func (w *sessionWindow) onDebugChanged(on bool) {
	state := "off"
	if on {
		state = "on"
	}
	session.Track(w.ctx, "debug_mode", state)
	err := w.app.logs.SetDebug(on)
	w.level.SetText(levelText(w.app.logs.Debug()))
	if err != nil {
		dialog.ShowInformation("Debug log unavailable",
			"Debug mode is on, but debug.log can't be written:\n"+err.Error()+"\n\nDebug records still appear on the console.", w.win)
	}
}
