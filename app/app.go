// Package app owns the life of the vigia process: it reads the app's
// metadata, parses the command line and the settings (package config,
// through cli), runs a command or opens the window, starts the metrics
// export, handles SIGINT and SIGTERM, and bounds the shutdown with a
// watchdog. main.go only calls Main.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"syscall"

	"vigia/cli"
	"vigia/ui"
)

// Main is the whole program: meta is FyneApp.toml, args the command line
// without the program's name. It returns the exit status: 0, 1 (a failure,
// or no display), 2 (bad usage), 3 (the window system hung at quit) or 130
// (a command interrupted).
func Main(meta []byte, args []string) int {
	if err := setMetadata(meta); err != nil {
		fmt.Fprintf(os.Stderr, "vigia: %v\n", err)
		return 1
	}
	attachConsole() // a Windows GUI build answers --version in the console it was started from
	stopProfile = sync.OnceFunc(startCPUProfile(os.Getenv(profileEnv), os.Stderr))
	defer stopProfile()
	return run(args, os.LookupEnv, os.Stdout, os.Stderr)
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

	display, err := ui.CheckDisplay()
	if err != nil {
		fmt.Fprintf(stderr, "vigia: no graphical display found; %v. Start Vigía from a desktop session (or under Xvfb).\n", err)
		return 1
	}
	return runGUI(cfg, stderr, display)
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
