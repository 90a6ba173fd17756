package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"vigia/config"
	"vigia/engine"
	"vigia/journal"
	"vigia/logging"
	"vigia/models/openai"
	"vigia/report"
)

func sessionsFlags(fs *flag.FlagSet) func(context.Context, Config, []string, Env) int {
	asJSON := fs.Bool("json", false, "print JSON")
	return func(_ context.Context, cfg Config, args []string, env Env) int {
		if len(args) > 0 {
			return usageErr(env, "sessions takes no arguments, got %q", args[0])
		}
		path := cfg.JournalPath()
		if _, err := os.Stat(path); os.IsNotExist(err) {
			fmt.Fprintf(env.Stderr, "vigia: no sessions recorded yet (%s)\n", path)
			if *asJSON {
				return printJSON(env, historyJSON{Sessions: []journal.Session{}})
			}
			return ExitOK
		}
		j, err := journal.Open(path, journal.Options{MaxAge: -1})
		if err != nil {
			fmt.Fprintf(env.Stderr, "vigia: can't read the sessions journal: %v\n", err)
			return ExitFailed
		}
		defer j.Close()
		sessions, stats, err := j.Read()
		if err != nil {
			fmt.Fprintf(env.Stderr, "vigia: can't read the sessions journal: %v\n", err)
			return ExitFailed
		}
		now := time.Now()
		h := historyJSON{Sessions: sessions, Skipped: stats.Skipped}
		h.CrashFree7d, h.Total7d = journal.CrashFreeRate(sessions, now, 7*24*time.Hour)
		h.CrashFree30d, h.Total30d = journal.CrashFreeRate(sessions, now, 30*24*time.Hour)
		if h.Sessions == nil {
			h.Sessions = []journal.Session{}
		}
		if *asJSON {
			return printJSON(env, h)
		}
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "SESSION\tSTARTED\tDURATION\tREQUESTS\tERROR RATE\tSTATE")
		for _, s := range sessions {
			state, req, rate := "running", "–", "–"
			switch {
			case s.Crashed:
				state = "crashed"
			case s.Ended:
				state = "ended"
			}
			if s.Summary != nil {
				req = fmt.Sprint(s.Summary.Requests)
				rate = fmt.Sprintf("%.2f %%", 100*s.Summary.ErrorRate)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", s.ID[:min(8, len(s.ID))], s.Start.Local().Format("2006-01-02 15:04:05"),
				s.Duration(now).Round(time.Second), req, rate, state)
		}
		_ = tw.Flush()
		fmt.Fprintf(env.Stdout, "\nCrash-free sessions: %s over 7 days, %s over 30 days\n", pct(h.CrashFree7d, h.Total7d), pct(h.CrashFree30d, h.Total30d))
		return ExitOK
	}
}

type historyJSON struct {
	Sessions     []journal.Session `json:"sessions"`
	CrashFree7d  float64           `json:"crash_free_7d"`
	Total7d      int               `json:"sessions_7d"`
	CrashFree30d float64           `json:"crash_free_30d"`
	Total30d     int               `json:"sessions_30d"`
	Skipped      int               `json:"skipped_lines"`
}

func pct(rate float64, n int) string {
	if n == 0 {
		return "– (no sessions)"
	}
	return fmt.Sprintf("%.1f %% of %d", 100*rate, n)
}

func diagnosticsFlags(fs *flag.FlagSet) func(context.Context, Config, []string, Env) int {
	out := fs.String("out", "", "write the ZIP bundle to FILE")
	return func(_ context.Context, cfg Config, args []string, env Env) int {
		if *out == "" || len(args) > 0 {
			return usageErr(env, "diagnostics needs --out FILE.zip and no arguments")
		}
		f, err := os.OpenFile(*out, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
		if err != nil {
			fmt.Fprintf(env.Stderr, "vigia: can't write the bundle: %v\n", err)
			return ExitFailed
		}
		logDir := cfg.LogDir
		if logDir == "" {
			logDir = logging.DefaultDir()
		}
		// Every setting as it was in effect, and where it came from.
		settings := map[string]any{"settings_file": cfg.Settings.Path(), "openai_api_key": os.Getenv(openai.APIKeyEnv)}
		for _, st := range config.Schema() {
			settings[st.Key] = map[string]any{"value": cfg.Text(st.Key), "origin": cfg.Origin(st.Key).String()}
		}
		settings["log-dir"] = map[string]any{"value": logDir, "origin": cfg.Origin("log-dir").String()}
		// No engine runs: the bundle has the files of the logs and journal
		// it would use, and no figures.
		err = engine.WriteDiagnostics(f, nil, report.DiagInput{
			Version: Version, FyneVersion: report.FyneVersion(), LogDir: logDir, JournalPath: cfg.JournalPath(),
			Settings: settings,
		})
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			fmt.Fprintf(env.Stderr, "vigia: can't write the bundle: %v\n", err)
			return ExitFailed
		}
		fmt.Fprintf(env.Stdout, "Diagnostics bundle written to %s (%s, Go %s)\n", *out, runtime.GOOS, runtime.Version())
		return ExitOK
	}
}

// exportReport writes the figures of a session to path, as JSON or CSV by
// its extension.
func exportReport(e *engine.Engine, sessionID, path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	err = e.ExportFigures(f, sessionID, strings.HasSuffix(path, ".csv"), Version)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func exportFlags(fs *flag.FlagSet) func(context.Context, Config, []string, Env) int {
	format := fs.String("format", "json", "json or csv")
	out := fs.String("out", "", "write to FILE (default: standard output)")
	id := fs.String("session", "", "the session to export (an ID or its first characters); default: the latest that ended")
	return func(_ context.Context, cfg Config, args []string, env Env) int {
		if len(args) > 0 {
			return usageErr(env, "export takes no arguments, got %q", args[0])
		}
		if *format != "json" && *format != "csv" {
			return usageErr(env, "--format must be json or csv, got %q", *format)
		}
		j, err := journal.Open(cfg.JournalPath(), journal.Options{MaxAge: -1})
		if err != nil {
			fmt.Fprintf(env.Stderr, "vigia: can't read the sessions journal: %v\n", err)
			return ExitFailed
		}
		defer j.Close()
		sessions, err := j.Sessions()
		if err != nil {
			fmt.Fprintf(env.Stderr, "vigia: can't read the sessions journal: %v\n", err)
			return ExitFailed
		}
		var pick *journal.Session
		for i := len(sessions) - 1; i >= 0; i-- {
			s := sessions[i]
			if *id == "" && s.Ended || *id != "" && strings.HasPrefix(s.ID, *id) {
				pick = &sessions[i]
				break
			}
		}
		if pick == nil || pick.Summary == nil {
			fmt.Fprintf(env.Stderr, "vigia: no session with figures to export (see 'vigia sessions')\n")
			return ExitFailed
		}
		// The journal keeps a session's summary and model usage; the
		// per-second series lives only while the session runs (Export in
		// the window, or load --export, writes it).
		sum := pick.Summary.Metrics()
		w := env.Stdout
		var f *os.File
		if *out != "" {
			if f, err = os.OpenFile(*out, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600); err != nil {
				fmt.Fprintf(env.Stderr, "vigia: can't write the export: %v\n", err)
				return ExitFailed
			}
			w = f
		}
		meta := report.Meta{Version: Version, Generated: time.Now(), Scope: pick.ID}
		if *format == "csv" {
			err = report.WriteCSV(w, sum, nil, meta)
		} else {
			err = report.WriteJSON(w, sum, nil, meta)
		}
		if f != nil {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintf(env.Stderr, "vigia: can't write the export: %v\n", err)
			return ExitFailed
		}
		return ExitOK
	}
}
