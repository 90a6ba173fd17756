package clocale

import "testing"

func TestFix(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string // LANGUAGE afterwards
	}{
		{map[string]string{}, "en"},
		{map[string]string{"LANG": "C"}, "en"},
		{map[string]string{"LANG": "C.UTF-8"}, "en"},
		{map[string]string{"LANG": "C.utf8"}, "en"},
		{map[string]string{"LANG": "POSIX"}, "en"},
		{map[string]string{"LC_ALL": "C.UTF-8", "LANG": "es_ES.UTF-8"}, "en"},
		{map[string]string{"LANG": "es_ES.UTF-8"}, ""},
		{map[string]string{"LC_MESSAGES": "de_DE", "LANG": "C"}, ""},
		{map[string]string{"LANG": "C.UTF-8", "LANGUAGE": "es"}, "es"},
	}
	for _, tt := range tests {
		env := map[string]string{}
		for k, v := range tt.env {
			env[k] = v
		}
		Fix(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
		if got := env["LANGUAGE"]; got != tt.want {
			t.Errorf("Fix with %v: LANGUAGE = %q, want %q", tt.env, got, tt.want)
		}
	}
}
