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
	"runtime"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"fyne.io/fyne/v2/app"

	_ "clocale" // the C locale reads as English before Fyne's init parses it

	"vigia/cli"
	"vigia/engine"
	"vigia/models/builtin"
	"vigia/ui"
)

func main() {
	attachConsole() // a Windows GUI build answers --version in the console it was started from
	stopProfile = sync.OnceFunc(startCPUProfile(os.Getenv(profileEnv), os.Stderr))
	code := run(os.Args[1:], os.LookupEnv, os.Stdout, os.Stderr)
	stopProfile()
	os.Exit(code)
}

// run is the whole program; it returns the exit status.
func run(args []string, lookupEnv func(string) (string, bool), stdout, stderr io.Writer) int {
	cli.Version = Version
	cli.FynePreferences = fynePreferences(runtime.GOOS, appID)
	cfg, rest, err := cli.Parse(args, lookupEnv, stderr)
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
			Stdin: os.Stdin, Stdout: stdout, Stderr: stderr, Terminal: isTerminal(stderr),
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
	ui.SetupLanguage(cfg.Language)
	fa.Settings().SetTheme(ui.ThemeFor(cfg.Theme))

	ec := cfg.EngineConfig()
	ec.Logging.Console = stderr
	ec.Models = builtin.RegistryWith(cfg.OpenAIOptions())
	eng := engine.New(ec)
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
	eng.StartSampler()
	if cfg.MetricsAddr != "" {
		if addr, err := eng.Export().Serve(ctx, cfg.MetricsAddr, cfg.MetricsAllowRemote); err != nil {
			log.Error("metrics endpoint not started", "event", "export", "error", err.Error())
			fmt.Fprintf(stderr, "vigia: can't serve metrics: %v\n", err)
		} else {
			log.Info("serving Prometheus metrics", "event", "export", "url", "http://"+addr+"/metrics")
		}
	}
	if cfg.PushURL != "" {
		host, _ := os.Hostname()
		if _, err := eng.Export().StartPush(ctx, cfg.PushURL, cfg.PushInterval, map[string]string{"instance": host}); err != nil {
			log.Error("metrics push not started", "event", "export", "error", err.Error())
		}
	}
	gui := ui.New(ctx, fa, ui.Deps{
		Sessions: eng.Sessions(), Logs: logs, Tasks: eng, Stats: eng, History: eng, Version: Version, Build: Build,
		Settings: cfg.Settings, ErrorDetails: cfg.ErrorDetails,
		Memory: func() (uint64, bool) {
			s, ok := eng.Sampler().Latest()
			return s.RSS, ok
		},
	})
	gui.OpenSession()
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

// isTerminal reports whether w is a terminal, for progress bars.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
