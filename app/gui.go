package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"glpreload"

	"vigia/cli"
	"vigia/engine"
	"vigia/models/builtin"
	"vigia/ui"
)

// dormantSampling is how often memory is sampled while no window of the
// app has had the focus for a minute (see ui.Deps.Dormant); one second
// otherwise.
const dormantSampling = 10 * time.Second

// runGUI opens the window and runs until it is closed or a signal arrives.
// display is ui.CheckDisplay's connection, closed once GLFW has its own.
func runGUI(cfg cli.Config, stderr io.Writer, display io.Closer) (status int) {
	releaseGC := holdGC() // until the first frame, below
	fa := ui.NewFyneApp(appID)
	ui.SetupLanguage(cfg.Language)
	fa.Settings().SetTheme(ui.ThemeFor(cfg.Theme))
	// The engine starts (log files, metrics, cache) on a goroutine of its
	// own while GLFW's init runs, which the fonts must not share; then the
	// fonts are parsed beside the making of the first window (ui.Deps).
	ec := cfg.EngineConfig()
	ec.Logging.Console = stderr
	ec.Models = builtin.RegistryWith(cfg.OpenAIOptions())
	started := make(chan *engine.Engine, 1)
	go func() { started <- engine.New(ec) }()
	firstWin, err := ui.NewFirstWindow(fa)
	_ = display.Close()
	if err != nil {
		eng := <-started
		_ = eng.Close()
		fmt.Fprintf(stderr, "vigia: can't open a window on DISPLAY=%q: %v\n", os.Getenv("DISPLAY"), err)
		return 1
	}
	fontsWarmed := make(chan struct{})
	go func() {
		defer close(fontsWarmed)
		ui.WarmFonts()
	}()

	eng := <-started
	logs := eng.Logs()
	log := logs.Logger()
	defer func() {
		// A panic on the UI goroutine (the driver failing, say) ends here:
		// logged with its stack, reported in one line, never a raw trace.
		if v := recover(); v != nil {
			log.Error("fatal error", "event", "crash", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			_ = eng.Close()
			fmt.Fprintf(stderr, "vigia: fatal error: %v (details in %s)\n", v, logs.AppLogPath())
			status = 1
		}
	}()
	cfg.LogSettings(log)
	checkFynePreferences(log, fa.Storage().RootURI().Path(), cli.FynePreferences, cfg.Settings.Path())
	log.Info("Vigía starting", "event", "app_start", "version", Version, "log_dir", logs.Dir(), "pid", os.Getpid())

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// OpenTelemetry starts before the first session, so that every record
	// of the run goes out; finish's eng.Close sends the last within 3 s.
	if _, err := eng.StartTelemetry(ctx, cfg.TelemetryOptions()); err != nil {
		log.Error("OpenTelemetry export not started", "event", "otel_export", "error", err.Error())
		fmt.Fprintf(stderr, "vigia: OpenTelemetry export off: %v\n", err)
	}
	eng.StartSampler()
	gui := ui.New(ctx, fa, ui.Deps{
		Sessions: eng.Sessions(), Logs: logs, Tasks: eng, Stats: eng, History: eng, Version: Version, Build: Build,
		Settings: cfg.Settings, ErrorDetails: cfg.ErrorDetails,
		Telemetry: eng.TelemetryStatus, FontsWarmed: fontsWarmed, FirstWindow: firstWin,
		Memory: func() (uint64, bool) {
			s, ok := eng.Sampler().Latest()
			return s.RSS, ok
		},
		// While no window has the focus, memory is sampled every
		// dormantSampling instead of every second.
		Dormant: func(dormant bool) {
			if dormant {
				eng.Sampler().SetInterval(dormantSampling)
			} else {
				eng.Sampler().SetInterval(0)
			}
		},
	})
	gui.OpenSession() // the first frame is painted
	releaseGC()
	go glpreload.SettleHeap()
	logGLPreload(log)
	// The export starts once the first window's session has: its ID groups
	// the pushed metrics, as a command's session does.
	var first string
	if l := eng.Sessions().List(); len(l) > 0 {
		first = l[0].ID()
	}
	if _, err := eng.StartExport(ctx, cfg.ExportOptions(first)); err != nil {
		log.Error("metrics export not started", "event", "export", "error", err.Error())
		fmt.Fprintf(stderr, "vigia: %v\n", err)
	}
	gui.StartProbe(100*time.Millisecond, 10*time.Second, func(worst time.Duration, n int) {
		log.Debug("UI responsiveness", "event", "ui_probe", "max_wait_ms", float64(worst.Microseconds())/1000, "probes", n)
	})

	// finish ends the sessions and flushes the logs, once.
	var finishOnce sync.Once
	finish := func() {
		finishOnce.Do(func() {
			cancel()
			eng.Sessions().EndAll()
			log.Info("Vigía stopped", "event", "app_stop")
			if err := eng.Close(); err != nil {
				fmt.Fprintf(stderr, "vigia: some log records could not be written: %v\n", err)
			}
		})
	}

	// SIGINT and SIGTERM quit the same clean way as closing the window.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-sig:
			log.Info("signal received, quitting", "event", "signal", "signal", s.String())
			gui.Quit()
		case <-done:
		}
	}()
	// Once quitting, the window system gets stopTimeout to stop; if it hangs
	// (a driver or X server problem), the sessions still end, the logs are
	// still flushed, the CPU profile is written, and the process exits with
	// exitHung.
	go watchStop(gui.Stopping(), done, stopTimeout, func() { exitHungGUI(log, stderr, stopTimeout, finish) })
	fa.Run()
	close(done)
	signal.Stop(sig)
	finish()
	return 0
}

// logGLPreload records what became of the GL driver's preload (package
// glpreload), if one started, whether getpid answers from memory
// (pid_cache) and whether the start's C heap was on huge pages (c_heap_huge).
func logGLPreload(log *slog.Logger) {
	started, path, ms, done, err := glpreload.Status()
	log = log.With("event", "gl_preload", "pid_cache", glpreload.PIDCached(), "c_heap_huge", glpreload.HeapPrepared())
	switch {
	case !started:
		log.Debug("GL driver not preloaded", "outcome", "off")
	case !done:
		log.Info("GL driver still preloading at the first frame", "outcome", "loading", "path", path)
	case err != nil:
		log.Info("GL driver preload failed", "outcome", "failed", "path", path, "ms", ms, "error", err.Error())
	default:
		log.Info("GL driver preloaded", "outcome", "loaded", "path", path, "ms", ms)
	}
}
