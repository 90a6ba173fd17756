package cli_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"vigia/cli"
	"vigia/config"
)

func ExampleParse() {
	dir, _ := os.MkdirTemp("", "vigia-example")
	defer os.RemoveAll(dir)

	// The Settings tab saved 50 MB and a metrics address.
	saved := config.NewFile(filepath.Join(dir, "settings.json"))
	_ = saved.Set("log-max-size-mb", "50")
	_ = saved.Set("metrics-addr", "127.0.0.1:9464")
	_ = saved.Save()

	environ := map[string]string{cli.ConfigEnv: saved.Path(), "VIGIA_DEBUG": "true"}
	lookupEnv := func(k string) (string, bool) { v, ok := environ[k]; return v, ok }

	// The default size given explicitly beats the saved one; an empty
	// address turns the saved endpoint off; the command line beats the
	// environment.
	c, rest, err := cli.Parse([]string{"--log-max-size-mb", "10", "--metrics-addr", "", "--debug=false", "export", "--format", "csv"},
		lookupEnv, os.Stderr)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, key := range []string{"log-max-size-mb", "metrics-addr", "debug", "log-max-backups"} {
		fmt.Printf("%s=%q (%s)\n", key, c.Text(key), c.Origin(key))
	}
	fmt.Println("rest:", rest)
	// Output:
	// log-max-size-mb="10" (flag)
	// metrics-addr="" (flag)
	// debug="false" (flag)
	// log-max-backups="5" (default)
	// rest: [export --format csv]
}

func ExampleParse_badUsage() {
	_, _, err := cli.Parse([]string{"--config", "", "--log-max-size-mb", "0"}, os.LookupEnv, io.Discard)
	fmt.Println(err)
	fmt.Println("exit status 2:", errors.Is(err, cli.ErrUsage))

	_, _, err = cli.Parse([]string{"--help"}, os.LookupEnv, io.Discard)
	fmt.Println("help:", errors.Is(err, cli.ErrHelp), "bad usage:", errors.Is(err, cli.ErrUsage))
	// Output:
	// usage: --log-max-size-mb must be at least 1, got 0
	// exit status 2: true
	// help: true bad usage: false
}
