package glpreload

import "testing"

func TestWanted(t *testing.T) {
	x := env{display: ":0"}
	cases := []struct {
		name string
		args []string
		e    env
		want bool
	}{
		{"no arguments", nil, x, true},
		{"a boolean flag", []string{"--debug"}, x, true},
		{"a flag with its value after =", []string{"--log-dir=/tmp/l", "-debug"}, x, true},
		{"no display", nil, env{}, false},
		{"a command", []string{"run", "--model", "echo"}, x, false},
		{"a command after a flag", []string{"--debug", "load"}, x, false},
		{"a flag's value apart", []string{"--log-dir", "/tmp/l"}, x, false},
		{"--version", []string{"--version"}, x, false},
		{"-version", []string{"-version"}, x, false},
		{"--help", []string{"--help"}, x, false},
		{"-h", []string{"-h"}, x, false},
		{"--", []string{"--"}, x, false},
		{"a Go test binary", []string{"-test.v=true", "-test.run=X"}, x, false},
		{"turned off", nil, env{display: ":0", optout: "0"}, false},
		{"not turned off by 1", nil, env{display: ":0", optout: "1"}, true},
		{"NVIDIA's driver", nil, env{display: ":0", nvidia: true}, false},
		{"NVIDIA's driver, Mesa asked", nil, env{display: ":0", nvidia: true, vendor: "mesa"}, true},
		{"NVIDIA's driver, software asked", nil, env{display: ":0", nvidia: true, software: "1"}, true},
		{"NVIDIA's driver, software not asked", nil, env{display: ":0", nvidia: true, software: "0"}, false},
		{"another vendor", nil, env{display: ":0", vendor: "nvidia"}, false},
	}
	for _, c := range cases {
		if got := wanted(c.args, c.e); got != c.want {
			t.Errorf("%s: wanted(%q, %+v) = %v, want %v", c.name, c.args, c.e, got, c.want)
		}
	}
}

// TestOpensWindow: the start of a window, whatever its GL vendor.
func TestOpensWindow(t *testing.T) {
	x := env{display: ":0"}
	cases := []struct {
		name string
		args []string
		e    env
		want bool
	}{
		{"no arguments", nil, x, true},
		{"NVIDIA's driver", nil, env{display: ":0", nvidia: true}, true},
		{"another vendor", nil, env{display: ":0", vendor: "nvidia"}, true},
		{"turned off", nil, env{display: ":0", optout: "0"}, false},
		{"no display", nil, env{}, false},
		{"a command", []string{"run"}, x, false},
		{"a Go test binary", []string{"-test.v=true"}, x, false},
	}
	for _, c := range cases {
		if got := opensWindow(c.args, c.e); got != c.want {
			t.Errorf("%s: opensWindow(%q, %+v) = %v, want %v", c.name, c.args, c.e, got, c.want)
		}
	}
}
