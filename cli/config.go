package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"vigia/config"
)

// configArgs and configAbout are the config command's usage.
const (
	configArgs  = "list [--json] | get KEY | set KEY VALUE | unset KEY | path"
	configAbout = `Show and change the settings, as git config and gh config do:
  list           every setting, its value and where it comes from: default, saved,
                 environment or flag
  get KEY        the value in effect
  set KEY VALUE  save a value, checked as the Settings tab checks it
  unset KEY      forget a saved value: the default applies again
  path           where the settings file is
A setting chosen at each start (log-dir, data-dir, debug, metrics-allow-remote)
is never saved. An unknown KEY exits with status 1, a refused VALUE with 2.`
)

func configFlags(fs *flag.FlagSet) func(context.Context, Config, []string, Env) int {
	asJSON := fs.Bool("json", false, "with list: print JSON")
	return func(_ context.Context, cfg Config, args []string, env Env) int {
		if len(args) == 0 {
			return usageErr(env, "config needs one of: %s", configArgs)
		}
		verb, args := args[0], args[1:]
		want := map[string]int{"list": 0, "get": 1, "set": 2, "unset": 1, "path": 0}
		n, ok := want[verb]
		if !ok {
			return usageErr(env, "config has no %q: it takes %s", verb, configArgs)
		}
		if verb == "list" {
			// --json may follow the verb.
			lfs := flag.NewFlagSet("vigia config list", flag.ContinueOnError)
			lfs.SetOutput(env.Stderr)
			lfs.BoolVar(asJSON, "json", *asJSON, "print JSON")
			if err := lfs.Parse(args); err != nil {
				if errors.Is(err, flag.ErrHelp) {
					return ExitOK
				}
				return ExitUsage
			}
			args = lfs.Args()
		}
		if len(args) != n {
			return usageErr(env, "config %s takes %d argument(s), got %d (usage: vigia config %s)", verb, n, len(args), configArgs)
		}
		switch verb {
		case "list":
			return configList(cfg, env, *asJSON)
		case "get":
			return configGet(cfg, env, args[0])
		case "set":
			return configSet(cfg, env, args[0], &args[1])
		case "unset":
			return configSet(cfg, env, args[0], nil)
		}
		return configPath(cfg, env)
	}
}

// configList prints every setting in the table's order, with its value
// in effect and its origin.
func configList(cfg Config, env Env, asJSON bool) int {
	if asJSON {
		type entry struct {
			Key    string `json:"key"`
			Value  any    `json:"value"` // a number, a boolean, or text (durations as "1h30m")
			Origin string `json:"origin"`
		}
		out := []entry{}
		for _, s := range config.Schema() {
			v := cfg.Value(s.Key)
			if _, ok := v.(time.Duration); ok {
				v = cfg.Text(s.Key)
			}
			out = append(out, entry{s.Key, v, cfg.Origin(s.Key).String()})
		}
		return printJSON(env, out)
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY\tVALUE\tORIGIN")
	for _, s := range config.Schema() {
		v := cfg.Text(s.Key)
		if v == "" {
			v = `""`
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Key, v, cfg.Origin(s.Key))
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(env.Stderr, "vigia: can't write the settings: %v\n", err)
		return ExitFailed
	}
	return ExitOK
}

// configGet prints the value of key in effect.
func configGet(cfg Config, env Env, key string) int {
	if _, ok := config.Lookup(key); !ok {
		return unknownKey(env, key)
	}
	fmt.Fprintln(env.Stdout, cfg.Text(key))
	return ExitOK
}

// configSet saves text as key's value, or forgets the saved value when
// text is nil, and writes the settings file.
func configSet(cfg Config, env Env, key string, text *string) int {
	s, ok := config.Lookup(key)
	if !ok {
		return unknownKey(env, key)
	}
	if !s.Saved {
		return usageErr(env, "%v", &config.NotSavedError{Key: key})
	}
	f := cfg.Settings
	if f.Path() == "" {
		return noSettingsFile(env)
	}
	if text == nil {
		f.Unset(key)
	} else if err := f.Set(key, *text); err != nil {
		return usageErr(env, "%v", err)
	}
	if err := f.Save(); err != nil {
		fmt.Fprintf(env.Stderr, "vigia: can't save the settings: %v\n", err)
		return ExitFailed
	}
	// What is saved now is weaker than what set key at this start.
	switch cfg.Origin(key) {
	case config.FromEnv:
		fmt.Fprintf(env.Stderr, "vigia: note: %s is set in the environment and wins over the saved value\n", s.Env)
	case config.FromFlag:
		fmt.Fprintf(env.Stderr, "vigia: note: --%s is given and wins over the saved value\n", s.Flag)
	}
	return ExitOK
}

// configPath prints where the settings file is.
func configPath(cfg Config, env Env) int {
	if cfg.Settings.Path() == "" {
		return noSettingsFile(env)
	}
	fmt.Fprintln(env.Stdout, cfg.Settings.Path())
	return ExitOK
}

// unknownKey says that key names no setting, and returns ExitFailed, as
// git config does for a key it doesn't know.
func unknownKey(env Env, key string) int {
	fmt.Fprintf(env.Stderr, "vigia: %v (see 'vigia config list')\n", &config.UnknownKeyError{Key: key})
	return ExitFailed
}

// noSettingsFile says that this start reads no settings file (--config "",
// or a system with no configuration directory), and returns ExitFailed.
func noSettingsFile(env Env) int {
	fmt.Fprintf(env.Stderr, "vigia: no settings file: name one with --config FILE or %s\n", ConfigEnv)
	return ExitFailed
}
