package glpreload

import "testing"

// TestWanted: whether a start opens a window (opensWindow, whatever its GL
// vendor: getpid's cache and the C heap) and whether it preloads Mesa's
// driver (wanted).
func TestWanted(t *testing.T) {
	x := env{display: ":0"}
	cases := []struct {
		name    string
		args    []string
		e       env
		window  bool
		preload bool
	}{
		{"no arguments", nil, x, true, true},
		{"a boolean flag", []string{"--debug"}, x, true, true},
		{"a flag with its value after =", []string{"--log-dir=/tmp/l", "-debug"}, x, true, true},
		{"no display", nil, env{}, false, false},
		{"a command", []string{"run", "--model", "echo"}, x, false, false},
		{"a command after a flag", []string{"--debug", "load"}, x, false, false},
		{"a flag's value apart", []string{"--log-dir", "/tmp/l"}, x, false, false},
		{"--version", []string{"--version"}, x, false, false},
		{"-version", []string{"-version"}, x, false, false},
		{"--help", []string{"--help"}, x, false, false},
		{"-h", []string{"-h"}, x, false, false},
		{"--", []string{"--"}, x, false, false},
		{"a Go test binary", []string{"-test.v=true", "-test.run=X"}, x, false, false},
		{"turned off", nil, env{display: ":0", optout: "0"}, false, false},
		{"not turned off by 1", nil, env{display: ":0", optout: "1"}, true, true},
		{"NVIDIA's driver", nil, env{display: ":0", nvidia: true}, true, false},
		{"NVIDIA's driver, Mesa asked", nil, env{display: ":0", nvidia: true, vendor: "mesa"}, true, true},
		{"NVIDIA's driver, software asked", nil, env{display: ":0", nvidia: true, software: "1"}, true, true},
		{"NVIDIA's driver, software not asked", nil, env{display: ":0", nvidia: true, software: "0"}, true, false},
		{"another vendor", nil, env{display: ":0", vendor: "nvidia"}, true, false},
	}
	for _, c := range cases {
		if got := opensWindow(c.args, c.e); got != c.window {
			t.Errorf("%s: opensWindow(%q, %+v) = %v, want %v", c.name, c.args, c.e, got, c.window)
		}
		if got := wanted(c.args, c.e); got != c.preload {
			t.Errorf("%s: wanted(%q, %+v) = %v, want %v", c.name, c.args, c.e, got, c.preload)
		}
	}
}
