package config_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"vigia/config"
)

func Example() {
	dir, _ := os.MkdirTemp("", "vigia-example")
	defer os.RemoveAll(dir)

	// The Settings form saved 20 MB and a Pushgateway.
	saved, _ := config.Load(filepath.Join(dir, "settings.json"))
	_ = saved.Set("log-max-size-mb", "20")
	_ = saved.Set("push-url", "http://127.0.0.1:9091")
	_ = saved.Save()

	// This start gives the default size explicitly, and turns the push off.
	fs := flag.NewFlagSet("vigia", flag.ContinueOnError)
	b := config.Bind(fs)
	_ = fs.Parse([]string{"--log-max-size-mb", "10"})
	env := map[string]string{"VIGIA_PUSH_URL": "", "VIGIA_THEME": "dark"}
	lookupEnv := func(k string) (string, bool) { v, ok := env[k]; return v, ok }

	cfg, err := b.Resolve(lookupEnv, saved)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, key := range []string{"log-max-size-mb", "push-url", "theme", "cache-ttl"} {
		fmt.Printf("%s=%q (%s)\n", key, cfg.Text(key), cfg.Origin(key))
	}
	if _, expires := cfg.CacheExpiry(); expires {
		fmt.Println("cached results expire after", cfg.CacheTTL)
	}
	// Output:
	// log-max-size-mb="10" (flag)
	// push-url="" (environment)
	// theme="dark" (environment)
	// cache-ttl="1h" (default)
	// cached results expire after 1h0m0s
}

// The UI builds its own, translated, message from a typed error's fields;
// logs and the command line use Error().
func ExampleValidate() {
	err := config.Validate("log-max-size-mb", "5000")
	fmt.Println(err)

	var r *config.RangeError
	if errors.As(err, &r) {
		fmt.Printf("from %s to %s %s\n", r.Min, r.Max, r.Unit)
	}
	// Output:
	// log-max-size-mb must be at most 1024, got 5000
	// from 1 to 1024 MB
}

// The Settings form is the saved settings, in the table's order.
func ExampleSchema() {
	section := ""
	for _, s := range config.Schema() {
		if !s.Saved {
			continue
		}
		if s.Section != section {
			section = s.Section
			fmt.Println(section + ":")
		}
		fmt.Printf("  %s (%s)\n", s.Label, s.Kind)
	}
	// Output:
	// Logs:
	//   Max size (MB) (int)
	//   Backups (int)
	//   Max age (days) (int)
	//   Compress rotated files (gzip) (bool)
	// Cache:
	//   Cache TTL (duration)
	//   Max entries (int)
	// Errors and appearance:
	//   Error details (choice)
	//   Language (choice)
	//   Theme (choice)
	// OpenAI-compatible endpoint:
	//   Base URL (string)
	//   Model (string)
	//   Timeout (duration)
	// Prometheus:
	//   Metrics address (string)
	//   Pushgateway URL (string)
	//   Push interval (duration)
	// OpenTelemetry:
	//   OTLP endpoint (string)
}

func ExamplePrintFlags() {
	fs := flag.NewFlagSet("vigia", flag.ContinueOnError)
	config.Bind(fs)
	only := flag.NewFlagSet("", flag.ContinueOnError)
	only.Var(fs.Lookup("push-interval").Value, "push-interval", "")
	config.PrintFlags(os.Stdout, only)
	// Output:
	//   --push-interval duration
	//     	how often to push to the Pushgateway: 1s to 1h (default 15s) [VIGIA_PUSH_INTERVAL]
}

// A start moves the old settings out of Fyne's file once, and logs it.
func ExampleMigrate() {
	dir, _ := os.MkdirTemp("", "vigia-example")
	defer os.RemoveAll(dir)
	old := filepath.Join(dir, "preferences.json")
	_ = os.WriteFile(old, []byte(`{"theme": "dark", "logMaxSizeMB": 10, "windowWidth": 900}`), 0o600)

	m, err := config.Migrate(filepath.Join(dir, "vigia", "settings.json"), old)
	if m != nil {
		fmt.Println("copied:", m.Copied, "at their defaults:", m.AtDefault)
	}
	fmt.Println("error:", err)

	m, _ = config.Migrate(filepath.Join(dir, "vigia", "settings.json"), old)
	fmt.Println("again:", m)
	// Output:
	// copied: [theme windowWidth] at their defaults: [log-max-size-mb]
	// error: <nil>
	// again: <nil>
}
