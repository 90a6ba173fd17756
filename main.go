// Command vigia is Vigía, a desktop app that watches its own work: with no
// arguments it opens a window for one session; every task and user action
// in it is timed, guarded against panics and logged to the console, to
// rotated files and to memory. Run "vigia --help" for the flags.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"fyne.io/fyne/v2/app"

	_ "clocale" // the C locale reads as English before Fyne's init parses it

	"vigia/cli"
	"vigia/engine"
	"vigia/models/builtin"
	"vigia/models/openai"
	"vigia/ui"
)

func main() {
	attachConsole() // a Windows GUI build answers --version in the console it was started from
	stopProfile = sync.OnceFunc(startCPUProfile(os.Getenv(profileEnv), os.Stderr))
	code := run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stopProfile()
	os.Exit(code)
}

// run is the whole program; it returns the exit status.
func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cli.Version = Version
	cfg, rest, err := cli.Parse(args, getenv, stderr)
	switch {
	case errors.Is(err, cli.ErrHelp):
		return 0
	case err != nil:
		return 2
	case cfg.Version:
		fmt.Fprintln(stdout, versionLine())
		return 0
	case len(rest) > 0:
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return cli.Run(ctx, cfg, rest[0], rest[1:], cli.Env{
			Stdin: os.Stdin, Stdout: stdout, Stderr: stderr,
			Models: builtin.Registry, Terminal: isTerminal(stderr),
		})
	}

	if err := ui.CheckDisplay(); err != nil {
		fmt.Fprintf(stderr, "vigia: no graphical display found; %v. Start Vigía from a desktop session (or under Xvfb).\n", err)
		return 1
	}
	return runGUI(cfg, stderr)
}

// runGUI opens the window and runs until it is closed or a signal arrives.
func runGUI(cfg cli.Config, stderr io.Writer) (status int) {
	fa := app.NewWithID(appID)
	// Saved settings fill in what the command line left at its defaults.
	prefs, prefsErr := ui.LoadPrefs(filepath.Join(fa.Storage().RootURI().Path(), "preferences.json"))
	settings, settingsErr := ui.LoadSettings(prefs)
	cfg = applySettings(cfg, settings)
	ui.SetupLanguage(settings.Language)
	fa.Settings().SetTheme(ui.ThemeFor(settings.Theme))

	opts := cfg.LoggingOptions()
	opts.Console = stderr
	endpoint := openai.Options{BaseURL: settings.OpenAIBaseURL, ModelName: settings.OpenAIModel, Timeout: settings.OpenAITimeout}
	eng := engine.New(engine.Config{Logging: opts, Models: builtin.RegistryWith(endpoint),
		CacheTTL: orNegative(settings.CacheTTL), CacheMaxEntries: orNegative(settings.CacheMaxEntries),
		JournalPath: cfg.JournalPath()})
	logs := eng.Logs
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
	for _, err := range []error{prefsErr, settingsErr} {
		if err != nil {
			log.Warn("some saved settings were ignored", "event", "preferences", "error", err.Error())
		}
	}
	log.Info("Vigía starting", "event", "app_start", "version", Version, "log_dir", logs.Dir(), "pid", os.Getpid())

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	eng.StartSampler()
	if cfg.MetricsAddr != "" {
		if addr, err := eng.Export.Serve(ctx, cfg.MetricsAddr, cfg.MetricsAllowRemote); err != nil {
			log.Error("metrics endpoint not started", "event", "export", "error", err.Error())
			fmt.Fprintf(stderr, "vigia: can't serve metrics: %v\n", err)
		} else {
			log.Info("serving Prometheus metrics", "event", "export", "url", "http://"+addr+"/metrics")
		}
	}
	if cfg.PushURL != "" {
		host, _ := os.Hostname()
		if _, err := eng.Export.StartPush(ctx, cfg.PushURL, cfg.PushInterval, map[string]string{"instance": host}); err != nil {
			log.Error("metrics push not started", "event", "export", "error", err.Error())
		}
	}
	gui := ui.New(ctx, fa, ui.Deps{
		Sessions: eng.Sessions, Logs: logs, Tasks: eng, Stats: eng, History: eng, Version: Version, Build: Build, Prefs: prefs, ErrorDetails: cfg.ErrorDetails,
		Memory: func() (uint64, bool) {
			s, ok := eng.Sampler.Latest()
			return s.RSS, ok
		},
	})
	gui.OpenSession()
	go ui.Probe(ctx, 100*time.Millisecond, 10*time.Second, func(worst time.Duration, n int) {
		log.Debug("UI responsiveness", "event", "ui_probe", "max_wait_ms", float64(worst.Microseconds())/1000, "probes", n)
	})

	// finish ends the sessions and flushes the logs, once.
	var finishOnce sync.Once
	finish := func() {
		finishOnce.Do(func() {
			cancel()
			eng.Sessions.EndAll()
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

// isTerminal reports whether w is a terminal, for progress bars.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// applySettings fills the options the command line left at their defaults
// with the saved settings: a flag or VIGIA_… variable always wins.
func applySettings(cfg cli.Config, s ui.Settings) cli.Config {
	d := ui.DefaultSettings()
	if cfg.LogMaxSizeMB == d.LogMaxSizeMB {
		cfg.LogMaxSizeMB = s.LogMaxSizeMB
	}
	if cfg.LogMaxBackups == d.LogMaxBackups {
		cfg.LogMaxBackups = s.LogMaxBackups
	}
	if cfg.LogMaxAgeDays == d.LogMaxAgeDays {
		cfg.LogMaxAgeDays = s.LogMaxAgeDays
	}
	if cfg.LogCompress == d.LogCompress {
		cfg.LogCompress = s.LogCompress
	}
	if cfg.ErrorDetails == "" || cfg.ErrorDetails == d.ErrorDetails {
		cfg.ErrorDetails = s.ErrorDetails
	}
	if cfg.MetricsAddr == "" {
		cfg.MetricsAddr = s.MetricsAddr
	}
	if cfg.PushURL == "" {
		cfg.PushURL = s.PushURL
	}
	if cfg.PushInterval == d.PushInterval {
		cfg.PushInterval = s.PushInterval
	}
	return cfg
}

// orNegative maps a setting's 0 ("no limit") to the engine's negative.
func orNegative[T int | time.Duration](v T) T {
	if v == 0 {
		return -1
	}
	return v
}
