package ui

import (
	"context"

	"fyne.io/fyne/v2"

	"vigia/assets"
	"vigia/session"
)

// Logs is what the UI needs of the logging system (*logging.System).
type Logs interface {
	SetDebug(on bool) error
	Debug() bool
	AppLogPath() string
	Problem() error
}

// App is Vigía's desktop app: one window per session.
type App struct {
	ctx      context.Context
	fyne     fyne.App
	sessions *session.Manager
	logs     Logs

	windows map[*sessionWindow]struct{} // touched on the UI goroutine only
}

// New returns the app. ctx is the parent of every session's context.
func New(ctx context.Context, fa fyne.App, sessions *session.Manager, logs Logs) *App {
	fa.SetIcon(fyne.NewStaticResource("vigia.png", assets.IconPNG))
	return &App{ctx: ctx, fyne: fa, sessions: sessions, logs: logs, windows: make(map[*sessionWindow]struct{})}
}

// OpenSession starts a session and shows its window. It must be called on
// the UI goroutine (or before the app runs).
func (a *App) OpenSession() fyne.Window {
	w := newSessionWindow(a)
	a.windows[w] = struct{}{}
	w.win.Show()
	return w.win
}

// Quit ends every session and stops the app. It is safe to call from any
// goroutine, as from a signal handler.
func (a *App) Quit() {
	do(func() {
		for w := range a.windows {
			w.win.Close()
		}
		a.fyne.Quit()
	})
}

// onWindowClosed ends the window's session; closing the last window quits.
func (a *App) onWindowClosed(w *sessionWindow) {
	a.sessions.End(w.sess)
	delete(a.windows, w)
	if len(a.windows) == 0 {
		a.fyne.Quit()
	}
}
