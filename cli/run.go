package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"vigia/engine"
	"vigia/models"
)

func runFlags(fs *flag.FlagSet) func(context.Context, Config, []string, Env) int {
	model := fs.String("model", "", "the model to run (see 'vigia models')")
	p := params{}
	fs.Var(p, "param", "a model parameter as name=value (repeatable)")
	input := fs.String("input", "", "read the input from FILE (- for standard input)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	return func(ctx context.Context, cfg Config, args []string, env Env) int {
		switch {
		case *model == "":
			return usageErr(env, "run needs --model NAME (see 'vigia models')")
		case *input != "" && len(args) > 0:
			return usageErr(env, "give the input as TEXT or as --input, not both")
		case *input == "" && len(args) == 0:
			return usageErr(env, "run needs an input: TEXT, or --input FILE (- for standard input)")
		}
		m, vals, err := engine.Prepare(env.Models(), *model, p)
		if err != nil {
			return usageErr(env, "%v", err)
		}
		text, err := readInput(*input, args, env, models.DefaultMaxInput)
		if err != nil {
			fmt.Fprintf(env.Stderr, "vigia: %v\n", err)
			return ExitFailed
		}

		e, s, sctx, ok := startSession(ctx, cfg, env)
		if !ok {
			return ExitFailed
		}
		defer closeEngine(e, env)
		res, err := e.Run(sctx, m, vals, text)
		e.Sessions().End(s)
		if err != nil {
			fmt.Fprintln(env.Stderr, taskError(m.Name(), err, e.Logs().AppLogPath()))
			if errors.Is(err, context.Canceled) {
				return ExitCanceled
			}
			return ExitFailed
		}
		if *asJSON {
			return printJSON(env, res)
		}
		fmt.Fprintln(env.Stdout, res.Text)
		return ExitOK
	}
}

// taskError says in one line why a task failed.
func taskError(model string, err error, logPath string) string {
	var pe interface{ PanicValue() any }
	var msg string
	switch {
	case errors.As(err, &pe):
		msg = fmt.Sprintf("vigia: model %s crashed (%v); the stack is in %s", model, pe.PanicValue(), logPath)
	case errors.Is(err, context.Canceled):
		msg = fmt.Sprintf("vigia: %s: canceled", model)
	default:
		msg = fmt.Sprintf("vigia: %s: %v", model, err)
	}
	return oneLine(msg)
}

// oneLine keeps a message on one line whatever the error text holds.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)), " ")
}
