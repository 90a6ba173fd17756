package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"

	"vigia/config"
	"vigia/engine"
	"vigia/models"
	"vigia/models/builtin"
	"vigia/session"
)

// Env is what a command gets from the process.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Models returns the models tasks can run. Nil means the built-in
	// models, with the openai model's endpoint from the settings
	// (Config.OpenAIOptions).
	Models func() *models.Registry
	// Terminal reports whether Stderr is a terminal, for the progress bar.
	Terminal bool
}

// Exit statuses.
const (
	ExitOK       = 0
	ExitFailed   = 1   // a task failed, or its input could not be read
	ExitUsage    = 2   // bad usage
	ExitCanceled = 130 // interrupted (Ctrl-C), as shells report SIGINT
)

// command is one subcommand.
type command struct {
	name  string
	args  string // what follows the flags, for the usage line
	short string // one line for vigia's usage
	about string
	// flags registers the command's own flags and returns the function that
	// runs it once they are parsed.
	flags func(fs *flag.FlagSet) func(ctx context.Context, cfg Config, args []string, env Env) int
}

var commands = []command{
	{name: "models", short: "list the models and their parameters",
		about: "List the models and their parameters.", flags: modelsFlags},
	{name: "run", args: "[TEXT…]", short: "run one task and print its result",
		about: "Run one task and print its result. The input is TEXT, or --input FILE (- for standard input).", flags: runFlags},
	{name: "load", short: "run a load test and print its summary",
		about: "Run a load test: many tasks at once, then a summary.", flags: loadFlags},
	{name: "sessions", short: "list past sessions and the crash-free rate",
		about: "List the sessions of the journal, with the crash-free rate over 7 and 30 days.", flags: sessionsFlags},
	{name: "export", short: "write a past session's figures as JSON or CSV",
		about: "Write a past session's figures (summary and model usage) as JSON or CSV.", flags: exportFlags},
	{name: "diagnostics", short: "write a ZIP bundle for a bug report",
		about: "Write a ZIP bundle for a bug report: logs, sessions journal, settings (secrets removed), versions.", flags: diagnosticsFlags},
	{name: "config", args: configArgs, short: "show and change the saved settings: list, get, set, unset, path",
		about: configAbout, flags: configFlags},
}

// Version is the app's version, set by main.
var Version = "dev"

// Run runs the command name with args; cfg holds the global flags parsed
// before the name, and args may hold more. It returns the exit status.
func Run(ctx context.Context, cfg Config, name string, args []string, env Env) int {
	var cmd *command
	for i := range commands {
		if commands[i].name == name {
			cmd = &commands[i]
		}
	}
	if cmd == nil {
		names := make([]string, len(commands))
		for i, c := range commands {
			names[i] = c.name
		}
		fmt.Fprintf(env.Stderr, "vigia: unknown command %q (commands: %s)\nRun 'vigia --help' for usage.\n", name, strings.Join(names, ", "))
		return ExitUsage
	}
	fs := flag.NewFlagSet("vigia "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	run := cmd.flags(fs)
	if cfg.binding == nil { // a Config not made by Parse: flags that follow the command resolve from themselves alone
		cfg.binding = bind(flag.NewFlagSet("", flag.ContinueOnError))
	}
	if cfg.Settings == nil {
		cfg.Settings = config.NewFile("")
	}
	cfg.binding.Register(fs)
	cfg.addConfigFlag(fs)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: vigia %s [flags] %s\n\n%s\n\nFlags:\n", name, cmd.args, cmd.about)
		config.PrintFlags(env.Stderr, fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	// Settings given after the command's name: resolve again, with them.
	again := false
	fs.Visit(func(f *flag.Flag) {
		_, setting := config.Lookup(f.Name)
		again = again || setting || f.Name == "config"
	})
	if explicit(fs, "config") {
		cfg.loadSettings(true)
	}
	if again {
		if err := cfg.resolve(); err != nil {
			printUsageErrors(env.Stderr, err)
			return ExitUsage
		}
	}
	for _, err := range unjoin(cfg.SettingsErr) {
		fmt.Fprintf(env.Stderr, "vigia: warning: %v\n", oneLine(err.Error()))
	}
	if env.Models == nil {
		env.Models = sync.OnceValue(func() *models.Registry { return builtin.RegistryWith(cfg.OpenAIOptions()) })
	}
	return run(ctx, cfg, fs.Args(), env)
}

// usageErr prints a usage error in one line and returns ExitUsage.
func usageErr(env Env, format string, a ...any) int {
	fmt.Fprintf(env.Stderr, "vigia: "+format+"\n", a...)
	return ExitUsage
}

// newEngine starts the engine for a command. Commands keep stdout for their
// results: the log records go to app.log, and to stderr too in debug mode.
func newEngine(cfg Config, env Env) *engine.Engine {
	ec := cfg.EngineConfig()
	ec.Logging.Console = io.Discard
	if cfg.Debug {
		ec.Logging.Console = env.Stderr
	}
	ec.Models = env.Models()
	e := engine.New(ec)
	if err := e.Logs().Problem(); err != nil {
		fmt.Fprintf(env.Stderr, "vigia: warning: %v; logs go nowhere but this terminal\n", err)
	}
	cfg.LogSettings(e.Logs().Logger())
	return e
}

// startSession starts the engine and the session a command runs in, and
// the metrics export its flags ask for. When it fails it has said why and
// closed the engine; otherwise the caller closes it.
func startSession(ctx context.Context, cfg Config, env Env) (*engine.Engine, *session.Session, context.Context, bool) {
	e := newEngine(cfg, env)
	startTelemetry(ctx, e, cfg, env)
	s, sctx := e.Sessions().Start(ctx)
	if err := startExport(ctx, e, cfg, s.ID(), env); err != nil {
		fmt.Fprintf(env.Stderr, "vigia: %v\n", err)
		closeEngine(e, env)
		return nil, nil, nil, false
	}
	return e, s, sctx, true
}

// startTelemetry starts the OpenTelemetry export that the settings and the
// OTEL_ variables ask for, before the session starts so that all its
// records go out. One that can't start is a warning: the command runs all
// the same. The engine's Close sends what waits, within 3 s.
func startTelemetry(ctx context.Context, e *engine.Engine, cfg Config, env Env) {
	if _, err := e.StartTelemetry(ctx, cfg.TelemetryOptions()); err != nil {
		e.Logs().Logger().Warn("OpenTelemetry export off", "event", "otel_export", "error", err.Error())
		fmt.Fprintf(env.Stderr, "vigia: warning: OpenTelemetry export off: %v\n", oneLine(err.Error()))
	}
}

// startExport serves /metrics and pushes to a Pushgateway as the flags ask,
// for the session that runs the command (engine.StartExport, as the window
// does). The engine's Close stops both and pushes one last time.
func startExport(ctx context.Context, e *engine.Engine, cfg Config, sessionID string, env Env) error {
	addr, err := e.StartExport(ctx, cfg.ExportOptions(sessionID))
	if addr != "" {
		fmt.Fprintf(env.Stderr, "vigia: metrics at http://%s/metrics\n", addr)
	}
	return err
}

// closeEngine closes e and reports records that could not be written.
func closeEngine(e *engine.Engine, env Env) {
	if err := e.Close(); err != nil {
		fmt.Fprintf(env.Stderr, "vigia: warning: some log records were not written: %v\n", err)
	}
}

// params is a repeatable --param k=v flag.
type params map[string]string

func (p params) String() string {
	var parts []string
	for k, v := range p {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

func (p params) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(k) == "" {
		return fmt.Errorf("want name=value, got %q", s)
	}
	p[strings.TrimSpace(k)] = v
	return nil
}

func modelsFlags(fs *flag.FlagSet) func(context.Context, Config, []string, Env) int {
	asJSON := fs.Bool("json", false, "print JSON")
	return func(_ context.Context, _ Config, args []string, env Env) int {
		if len(args) > 0 {
			return usageErr(env, "models takes no arguments, got %q", args[0])
		}
		reg := env.Models()
		if *asJSON {
			type param struct {
				Name    string   `json:"name"`
				Kind    string   `json:"kind"`
				Default string   `json:"default"`
				Help    string   `json:"help"`
				Choices []string `json:"choices,omitempty"`
			}
			type model struct {
				Name        string  `json:"name"`
				Description string  `json:"description"`
				Params      []param `json:"params"`
			}
			out := []model{}
			for _, m := range reg.List() {
				mm := model{Name: m.Name(), Description: m.Description(), Params: []param{}}
				for _, p := range m.Params() {
					mm.Params = append(mm.Params, param{p.Name, p.Kind.String(), p.Default, p.Help, p.Choices})
				}
				out = append(out, mm)
			}
			return printJSON(env, out)
		}
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		for i, m := range reg.List() {
			if i > 0 {
				fmt.Fprintln(tw)
			}
			fmt.Fprintf(tw, "%s\t%s\n", m.Name(), m.Description())
			for _, p := range m.Params() {
				def := p.Default
				if def == "" {
					def = `""`
				}
				kind := p.Kind.String()
				if p.Kind == models.Choice {
					kind = strings.Join(p.Choices, "|")
				}
				fmt.Fprintf(tw, "  --param %s=\t%s\tdefault %s\t%s\n", p.Name, kind, def, p.Help)
			}
		}
		_ = tw.Flush()
		return ExitOK
	}
}

func printJSON(env Env, v any) int {
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(env.Stderr, "vigia: can't write the result: %v\n", err)
		return ExitFailed
	}
	return ExitOK
}

// readInput returns the text of a task: from path ("-" is stdin) or args.
// It reads at most max+1 bytes, so a huge file is refused without being
// read whole.
func readInput(path string, args []string, env Env, max int) (string, error) {
	if path == "" {
		return strings.Join(args, " "), nil
	}
	var r io.Reader
	if path == "-" {
		r = env.Stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return "", fmt.Errorf("can't read the input: %w", err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return "", fmt.Errorf("can't read the input: %w", err)
	}
	if len(b) > max {
		return "", fmt.Errorf("%w: more than %d bytes", models.ErrInputTooLarge, max)
	}
	return string(b), nil
}
