package cli_test

import (
	"errors"
	"fmt"
	"io"
	"os"

	"vigia/cli"
)

func ExampleParse() {
	// The environment sets defaults; the command line wins over it.
	environ := map[string]string{"VIGIA_DEBUG": "true", "VIGIA_LOG_MAX_SIZE_MB": "50"}
	getenv := func(k string) string { return environ[k] }

	c, rest, err := cli.Parse([]string{"--debug=false", "--log-max-backups", "0", "export", "--csv"}, getenv, os.Stderr)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("debug:", c.Debug, "size:", c.LogMaxSizeMB, "backups:", c.LogMaxBackups, "rest:", rest)

	o := c.LoggingOptions()
	fmt.Println("logging backups:", o.MaxBackups, "compressed:", !o.NoCompress)
	// Output:
	// debug: false size: 50 backups: 0 rest: [export --csv]
	// logging backups: -1 compressed: true
}

func ExampleParse_badUsage() {
	getenv := func(string) string { return "" }
	_, _, err := cli.Parse([]string{"--log-max-size-mb", "0"}, getenv, io.Discard)
	fmt.Println(err)
	fmt.Println("exit status 2:", errors.Is(err, cli.ErrUsage))

	_, _, err = cli.Parse([]string{"--help"}, getenv, io.Discard)
	fmt.Println("help:", errors.Is(err, cli.ErrHelp), "bad usage:", errors.Is(err, cli.ErrUsage))
	// Output:
	// usage: --log-max-size-mb must be at least 1, got 0
	// exit status 2: true
	// help: true bad usage: false
}
