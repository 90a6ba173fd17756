package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"vigia/logging"
	"vigia/session"
)

// sessionWindow is one window and its session.
type sessionWindow struct {
	app    *App
	sess   *session.Session
	ctx    context.Context // the session's; canceled when the window closes
	cancel context.CancelFunc
	win    fyne.Window

	work   *workspace
	load   *loadPanel
	dash   *dashboard
	logs   *logView
	sets   *settingsPanel
	hist   *sessionsPanel
	tabs   *container.AppTabs
	bodies [6]lazyTab // the tabs: names, icons and contents, in order

	debug      *widget.Check
	level      *widget.Label
	memory     *widget.Label
	memShown   uint64    // the resident memory the status bar shows; UI goroutine only
	memAt      time.Time // when it was shown, on the window's clock; zero before
	banner     *fyne.Container
	logProblem *widget.Label // the log files' problem, in the banner
	otel       *widget.Label // the OpenTelemetry export's drops, while exports fail

	lastDialog   string           // the text of the last error dialog, for tests
	about        dialog.Dialog    // the About dialog, once shown
	afterTask    func()           // called on the UI goroutine after a task's result is shown; for tests
	afterRefresh func()           // called on the UI goroutine after the dashboard refreshed; for tests
	tickEvery    time.Duration    // status bar refresh
	now          func() time.Time // the window's clock (dashboard, status bar); tests stop it
	async        *async           // owns the window's goroutines (status, dashboard, logs, tasks); closed with it

	premaking   bool    // the first window's content is being made off the UI goroutine (premade)
	premadeErrs []error // handler panics while premaking, shown once the content is set
}

func newSessionWindow(a *App) *sessionWindow {
	s, sctx := a.deps.Sessions.Start(a.ctx)
	ctx, cancel := context.WithCancel(sctx)
	w := &sessionWindow{app: a, sess: s, ctx: ctx, cancel: cancel, tickEvery: 2 * time.Second, now: time.Now}
	w.async = newAsync(ctx, s.Logger(), func(err error) { w.showError(L("Something went wrong"), err) })
	w.async.active = a.active
	title := fmt.Sprintf(L("Vigía — session %s"), s.ShortID())
	first := a.first != nil
	if w.win, a.first = a.first, nil; first {
		w.win.SetTitle(title)
	} else {
		w.win = a.fyne.NewWindow(title)
	}
	size := a.windowSize()
	w.win.Resize(size)
	w.win.SetOnClosed(func() { a.onWindowClosed(w) })
	// Only the first tab's panel is made before the window shows; show
	// makes the others once the first frame is painted.
	var content fyne.CanvasObject
	var laidOut fyne.Size // the size the content was made at, if any
	if c := a.deps.FontsWarmed; c != nil && first {
		// The first window is shown empty at once, which makes it (its X
		// window and GL context, the longest step of the start, about
		// 150 ms of CPU on this goroutine), while the faces of the first
		// frame's text styles are parsed (WarmFonts) and then its content
		// is made and laid out (premade), on the other core. Its first
		// frame is painted once the content is set, below.
		padded := w.win.Padded()
		made := premade(c, func() fyne.CanvasObject {
			w.premaking = true
			defer func() { w.premaking = false }()
			// The content's size in the window, below the menu bar, is
			// known once the fonts are: the bar is a line of text high.
			laidOut = contentSize(size, padded, menuBarHeight(topMenus()))
			return w.makeContent(laidOut)
		})
		// What the window holds until then (GLFW's driver gives it a
		// rectangle of the background colour) is hidden: Show paints the
		// empty window, and cleared to that colour it looks the same
		// without a shape to draw (10 ms sooner to the first frame,
		// bench/cmd/firstframe).
		if o := w.win.Canvas().Content(); o != nil {
			o.Hide()
		}
		w.win.Show()
		content = made()
	} else {
		if c := a.deps.FontsWarmed; c != nil {
			<-c // a font face is never parsed twice at once
		}
		content = w.makeContent(fyne.Size{})
	}
	w.win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			w.work.onCancel()
		}
	})
	// The menu first: the content is then laid out once at its final
	// size, below the menu bar.
	w.win.SetMainMenu(w.buildMenu())
	w.win.SetContent(content)
	if r, ok := content.(*windowRoot); ok && r.pinned {
		r.pinned = false
		if got := content.Size(); got != laidOut {
			// Right, but laid out twice: the first frame came later.
			w.async.log.Debug("the first window's content was made at another size than the window gave it", "event", "ui_first_layout", "made", laidOut, "set", got)
		}
	}
	for _, err := range w.premadeErrs {
		w.showError(L("Something went wrong"), err)
	}
	w.premadeErrs = nil
	w.async.Every("status_bar", w.tickEvery, w.tickStatus)
	return w
}

// makeContent makes the window's content: the workspace, the first tab,
// and the tabs and bars around it, in a windowRoot. Given a size, the
// size the window will give it, the content is laid out at that size and
// pinned there: its widgets' renderers are made and the texts they wrap
// measured (Fyne caches both), so that SetContent on the UI goroutine
// finds nothing to do. The workspace's wrapping texts are set once it is
// laid out (workspace.fill), so that they wrap at that size only. It
// touches no window: it may run off the UI goroutine while the window is
// being made (premade).
func (w *sessionWindow) makeContent(size fyne.Size) fyne.CanvasObject {
	w.work = newWorkspace(w)
	root := newWindowRoot(w.buildUI())
	if size.IsZero() {
		w.work.fill()
		return root
	}
	root.Resize(size)
	w.work.fill()
	root.pinned = true
	return root
}

// windowRoot holds a window's content (makeContent). Fyne's SetContent
// lays a content out twice, at its minimum size and then at the window's,
// and then refreshes all of it (RescaleContext), every wrapped text
// measured again: about 10 ms on the UI goroutine before the first frame,
// for a content that makeContent laid out at that size already. While
// pinned, a root reports its size as its minimum, so that both layouts
// find it at the size asked and do nothing, and its Refresh does nothing;
// newSessionWindow unpins it once SetContent returned. The window learns
// the content's own minimum on its first paint.
type windowRoot struct {
	widget.BaseWidget
	content fyne.CanvasObject
	pinned  bool
}

func newWindowRoot(content fyne.CanvasObject) *windowRoot {
	r := &windowRoot{content: content}
	r.ExtendBaseWidget(r)
	return r
}

// MinSize is the content's, or the root's size while pinned.
func (r *windowRoot) MinSize() fyne.Size {
	if r.pinned {
		return r.Size()
	}
	return r.content.MinSize()
}

// Refresh refreshes the content, unless pinned.
func (r *windowRoot) Refresh() {
	if !r.pinned {
		r.BaseWidget.Refresh()
	}
}

func (r *windowRoot) CreateRenderer() fyne.WidgetRenderer { return &windowRootRenderer{r} }

type windowRootRenderer struct{ r *windowRoot }

func (wr *windowRootRenderer) Layout(size fyne.Size)        { wr.r.content.Resize(size) }
func (wr *windowRootRenderer) MinSize() fyne.Size           { return wr.r.content.MinSize() }
func (wr *windowRootRenderer) Refresh()                     { wr.r.content.Refresh() }
func (wr *windowRootRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{wr.r.content} }
func (wr *windowRootRenderer) Destroy()                     {}

// contentSize is the size of a window's content (Fyne's glfw driver's
// rule): the window's size less the menu bar's height and, when padded,
// the padding on each side.
func contentSize(window fyne.Size, padded bool, menuBar float32) fyne.Size {
	size := fyne.NewSize(window.Width, window.Height-menuBar)
	if padded {
		size = size.Subtract(fyne.NewSquareSize(2 * theme.Padding()))
	}
	return size
}

// menuBarHeight is the height of the menu bar Fyne's glfw driver draws at
// the top of the window for menus with these labels: a line of text of
// the theme's size, and the theme's inner padding.
func menuBarHeight(labels []string) float32 {
	h := float32(0)
	for _, l := range labels {
		h = max(h, fyne.MeasureText(l, theme.TextSize(), fyne.TextStyle{}).Height)
	}
	return h + theme.InnerPadding()
}

// show shows the window and then makes the panels of the other tabs and
// starts their loops. Made before, their widgets were measured with the
// window's content as it was laid out (the dashboard's ten cards most);
// after Show they take about 20 ms, the first tab's layout no longer
// waits for them. This runs on the UI goroutine before any
// event can select a tab or reach a menu, so nothing sees a panel
// missing; their widget trees are still built when their tab first shows
// (lazyTab).
func (w *sessionWindow) show() {
	w.win.Show()
	w.load = newLoadPanel(w)
	w.dash = newDashboard(w)
	w.logs = newLogView(w)
	w.sets = newSettingsPanel(w)
	w.hist = newSessionsPanel(w)
	w.async.Loop("dashboard_refresh", w.dash.run)
	w.async.Loop("logs_tail", w.logs.run)
}

// Tab names.
const (
	tabWorkspace = "Workspace"
	tabLoad      = "Load test"
	tabDashboard = "Dashboard"
	tabLogs      = "Logs"
	tabSessions  = "Sessions"
	tabSettings  = "Settings"
)

// Tab places, in the order of w.bodies (Ctrl+1 … Ctrl+6).
const (
	atWorkspace = iota
	atLoad
	atDashboard
	atLogs
	atSessions
	atSettings
)

// showTab selects tab i (Ctrl+1 … Ctrl+6).
func (w *sessionWindow) showTab(i int) {
	defer w.guard("show_tab")
	w.tabs.SelectIndex(i)
}

// shortcut is Ctrl (Cmd on macOS) plus key.
func shortcut(key fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
}

// buildMenu makes the main menu. Its shortcuts work even while the input
// has focus: in Fyne 2.7 a focused Entry swallows canvas shortcuts, not
// main-menu ones.
func (w *sessionWindow) buildMenu() *fyne.MainMenu {
	newSession := fyne.NewMenuItem(L("New session"), w.onNewSession)
	newSession.Shortcut = shortcut(fyne.KeyN)
	closeWin := fyne.NewMenuItem(L("Close window"), w.onCloseWindow)
	closeWin.Shortcut = shortcut(fyne.KeyW)
	quit := fyne.NewMenuItem(L("Quit"), w.onQuit)
	quit.Shortcut = shortcut(fyne.KeyQ)
	quit.IsQuit = true

	run := fyne.NewMenuItem(L("Run"), w.work.onRun)
	run.Shortcut = shortcut(fyne.KeyReturn)
	cancel := fyne.NewMenuItem(L("Cancel"), w.work.onCancel)
	cancel.Shortcut = shortcut(fyne.KeyPeriod)
	load := fyne.NewMenuItem(L("Start load test"), func() { w.showTab(atLoad); w.load.onStart() })
	load.Shortcut = shortcut(fyne.KeyL)
	debugItem := fyne.NewMenuItem(L("Debug mode"), func() { w.debug.SetChecked(!w.debug.Checked) })
	debugItem.Shortcut = shortcut(fyne.KeyD)
	gc := fyne.NewMenuItem(L("Free memory (GC)"), func() { w.showTab(atDashboard); w.dash.onFreeMemory() })
	gc.Shortcut = shortcut(fyne.KeyG)
	pause := fyne.NewMenuItem(L("Pause")+" / "+L("Resume"), func() { w.showTab(atLogs); w.logs.onPause() })
	pause.Shortcut = shortcut(fyne.KeyP)
	save := fyne.NewMenuItem(L("Save"), func() { w.showTab(atSettings); w.sets.onSave() })
	save.Shortcut = shortcut(fyne.KeyS)

	var views []*fyne.MenuItem
	for i, b := range w.bodies {
		item := fyne.NewMenuItem(L(b.name), func() { w.showTab(i) })
		item.Shortcut = shortcut(fyne.KeyName(fmt.Sprint(i + 1)))
		views = append(views, item)
	}

	top := topMenus()
	return fyne.NewMainMenu(
		fyne.NewMenu(top[0], newSession, closeWin, fyne.NewMenuItemSeparator(), quit),
		fyne.NewMenu(top[1], run, cancel, load, fyne.NewMenuItemSeparator(), debugItem, gc, pause, save),
		fyne.NewMenu(top[2], views...),
		fyne.NewMenu(top[3], fyne.NewMenuItem(L("About Vigía"), w.onAbout)),
	)
}

// topMenus are the labels of the menu bar (buildMenu).
func topMenus() []string { return []string{L("File"), L("Task"), L("View"), L("Help")} }

func (w *sessionWindow) buildUI() fyne.CanvasObject {
	w.debug = &widget.Check{Text: L("Debug mode"), Checked: w.app.deps.Logs.Debug(), OnChanged: w.onDebugChanged}
	toolbar := container.NewHBox(w.debug, w.work.activity)

	w.logProblem = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance}
	w.banner = container.NewVBox(container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, w.logProblem))
	w.refreshLogProblem()

	// Every tab but the first gets its content the first time it shows:
	// Fyne sizes a window by measuring every tab's content, and measuring
	// all six took a good part of the time from exec to the first frame.
	w.bodies = [...]lazyTab{
		// The panels but the workspace are made after the first frame
		// (show): their contents are asked for when the tab shows.
		atWorkspace: {name: tabWorkspace, icon: theme.DocumentCreateIcon(), build: w.work.content},
		atLoad:      {name: tabLoad, icon: theme.MediaFastForwardIcon(), build: func() fyne.CanvasObject { return w.load.content() }},
		atDashboard: {name: tabDashboard, icon: theme.GridIcon(), build: func() fyne.CanvasObject { return w.dash.content() }},
		atLogs:      {name: tabLogs, icon: theme.ListIcon(), build: func() fyne.CanvasObject { return w.logs.content() }},
		atSessions:  {name: tabSessions, icon: theme.HistoryIcon(), build: func() fyne.CanvasObject { return w.hist.content() }},
		atSettings:  {name: tabSettings, icon: theme.SettingsIcon(), build: func() fyne.CanvasObject { return w.sets.content() }},
	}
	var items []*container.TabItem
	for i := range w.bodies {
		b := &w.bodies[i]
		b.box = container.NewStack()
		items = append(items, container.NewTabItemWithIcon(L(b.name), b.icon, b.box))
	}
	w.bodies[atWorkspace].show()
	tabs := container.NewAppTabs(items...)
	tabs.OnSelected = func(t *container.TabItem) {
		session.Track(w.ctx, "open_tab", t.Text)
		i := w.tabs.SelectedIndex() // tab texts are translated: compare places
		w.bodies[i].show()
		w.dash.setVisible(i == atDashboard)
		w.logs.setVisible(i == atLogs)
		if i == atSessions {
			w.hist.load()
		}
		// A focused entry blinks its cursor, and each blink repaints the
		// window: on a tab where it can't be seen it would cost CPU for
		// nothing (a quarter of a core under software rendering).
		if i == atWorkspace {
			w.win.Canvas().Focus(w.work.input)
		} else {
			w.win.Canvas().Unfocus()
		}
	}
	w.tabs = tabs
	return container.NewBorder(container.NewVBox(w.banner, toolbar, widget.NewSeparator()), w.statusBar(), nil, nil, tabs)
}

// lazyTab is a tab's content, built the first time the tab shows.
type lazyTab struct {
	name  string // untranslated
	icon  fyne.Resource
	build func() fyne.CanvasObject
	box   *fyne.Container // what the tab holds: empty until shown
}

func (t *lazyTab) show() {
	if len(t.box.Objects) == 0 {
		t.box.Objects = []fyne.CanvasObject{t.build()}
		t.box.Refresh()
	}
}

// statusBar shows the session ID (selectable, so it can be copied), the
// log level, the log file and the process's memory.
func (w *sessionWindow) statusBar() fyne.CanvasObject {
	id := &widget.Label{Text: w.sess.ID(), Selectable: true}
	w.level = widget.NewLabel(levelText(w.app.deps.Logs.Debug()))
	logFile := &widget.Label{Text: w.app.deps.Logs.AppLogPath(), Selectable: true, Truncation: fyne.TextTruncateEllipsis}
	w.memory = widget.NewLabel("")
	w.refreshMemory()
	w.otel = &widget.Label{Importance: widget.WarningImportance}
	w.otel.Hide()
	w.refreshTelemetry()
	return container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel(L("Session")), id, w.level), container.NewHBox(w.otel, w.memory), logFile))
}

func levelText(debug bool) string {
	if debug {
		return L("DEBUG · debug.log open")
	}
	return "INFO"
}

// refreshMemory shows the process's resident memory in the status bar;
// the status bar's tick calls it.
//
// Every change of the label repaints the whole window, and an idle
// process's resident memory wobbles across a megabyte every few seconds,
// so the status bar follows the dashboard's rule: it shows a move of
// memMove or more from what it shows at its next tick, and anything else
// once per idleEvery slot of the clock. While the dashboard shows, its
// refresh sets the label instead (showMemory), with the figure of its
// memory card and in the same repaint.
func (w *sessionWindow) refreshMemory() {
	if w.app.deps.Memory == nil || w.dash != nil && w.dash.visible.Load() {
		return
	}
	rss, ok := w.app.deps.Memory()
	if !ok {
		return
	}
	now := w.now()
	if !w.memAt.IsZero() && !memMoved(w.memShown, rss) && sameSlot(now, w.memAt, idleEvery) {
		return
	}
	w.showMemory(rss, now)
}

// showMemory shows rss bytes in the status bar, as of now; UI goroutine.
func (w *sessionWindow) showMemory(rss uint64, now time.Time) {
	w.memShown, w.memAt = rss, now
	setText(w.memory, fmt.Sprintf(L("Memory %s"), wholeMB(rss)))
}

// refreshTelemetry shows how much the OpenTelemetry export dropped while
// its exports fail, by signal, and hides once they succeed again.
func (w *sessionWindow) refreshTelemetry() {
	if w.app.deps.Telemetry == nil {
		return
	}
	st := w.app.deps.Telemetry()
	if !st.Outage {
		if w.otel.Visible() {
			w.otel.Hide()
		}
		return
	}
	var parts []string
	for _, p := range []struct {
		n    int64
		what string
	}{{st.Spans, L("spans")}, {st.Logs, L("log records")}, {st.Metrics, L("metric points")}} {
		if p.n > 0 {
			parts = append(parts, num().Int(p.n)+" "+p.what)
		}
	}
	text := fmt.Sprintf(L("OpenTelemetry: %s dropped"), num().Int(st.Dropped))
	if len(parts) > 0 {
		text += " (" + strings.Join(parts, ", ") + ")"
	}
	setText(w.otel, text)
	if !w.otel.Visible() {
		w.otel.Show()
	}
}

// tickStatus refreshes the status bar; the window's async runs it every
// tickEvery.
func (w *sessionWindow) tickStatus(context.Context) {
	w.async.Post("status_bar", func() {
		w.refreshMemory()
		w.refreshLogProblem()
		w.refreshTelemetry()
	})
}

// close stops what the window owns, its tasks and loops, and waits until
// they ended; UI goroutine.
func (w *sessionWindow) close() {
	w.cancel()
	w.async.Close() // waits for the window's goroutines: none outlives it
	size := w.win.Canvas().Size()
	_ = w.app.remember(map[string]any{stateWindowWidth: float64(size.Width), stateWindowHeight: float64(size.Height)})
}

// refreshLogProblem shows what is wrong with the log files, with the count
// of records not written so far, while it lasts, and hides the banner once
// the files take records again.
func (w *sessionWindow) refreshLogProblem() {
	err := w.app.deps.Logs.Problem()
	if err == nil {
		if w.banner.Visible() {
			w.banner.Hide()
		}
		return
	}
	text := L("Logs can't be written to disk: ") + err.Error() + L(". They still appear on the console and in memory.")
	if fe := (*logging.FileError)(nil); errors.As(err, &fe) && fe.Dropped > 0 {
		text += " " + fmt.Sprintf(L("Records not written to the file: %s."), num().Int(int64(fe.Dropped)))
	}
	setText(w.logProblem, text)
	if !w.banner.Visible() {
		w.banner.Show()
	}
}

func (w *sessionWindow) onNewSession() {
	defer w.guard("new_session")
	session.Track(w.ctx, "new_session", "")
	w.app.OpenSession()
}

func (w *sessionWindow) onCloseWindow() {
	defer w.guard("close_window")
	session.Track(w.ctx, "close_window", "")
	w.win.Close()
}

func (w *sessionWindow) onQuit() {
	defer w.guard("quit")
	session.Track(w.ctx, "quit", "")
	w.app.quitNow()
}

func (w *sessionWindow) onDebugChanged(on bool) {
	defer w.guard("debug_mode")
	state := "off"
	if on {
		state = "on"
	}
	session.Track(w.ctx, "debug_mode", state)
	err := w.app.deps.Logs.SetDebug(on)
	w.app.debugOn.set(w.app.deps.Logs.Debug())
	_ = w.app.remember(map[string]any{stateDebug: on})
	for o := range w.app.windows { // every window shows the one log level
		o.level.SetText(levelText(w.app.deps.Logs.Debug()))
		if o != w && o.debug.Checked != on {
			o.debug.Checked = on
			o.debug.Refresh()
		}
	}
	if err != nil {
		w.showError(L("Debug log unavailable"), fmt.Errorf("debug mode is on, but debug.log can't be written (debug records still reach the console): %w", err))
	}
}
