package glpreload

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDriverPath(t *testing.T) {
	have := func(paths ...string) func(string) bool {
		return func(p string) bool {
			for _, q := range paths {
				if p == q {
					return true
				}
			}
			return false
		}
	}
	cases := []struct {
		name, driversPath, arch string
		exists                  func(string) bool
		want                    string
	}{
		{"Debian, amd64", "", "amd64", have("/usr/lib/x86_64-linux-gnu/dri/swrast_dri.so", "/usr/lib/dri/swrast_dri.so"), "/usr/lib/x86_64-linux-gnu/dri/swrast_dri.so"},
		{"Debian, arm64", "", "arm64", have("/usr/lib/aarch64-linux-gnu/dri/swrast_dri.so"), "/usr/lib/aarch64-linux-gnu/dri/swrast_dri.so"},
		{"Fedora", "", "amd64", have("/usr/lib64/dri/swrast_dri.so"), "/usr/lib64/dri/swrast_dri.so"},
		{"Arch", "", "amd64", have("/usr/lib/dri/swrast_dri.so"), "/usr/lib/dri/swrast_dri.so"},
		{"an unknown architecture", "", "mips", have("/usr/lib/dri/swrast_dri.so"), "/usr/lib/dri/swrast_dri.so"},
		{"none", "", "amd64", have(), ""},
		{"LIBGL_DRIVERS_PATH, its second directory", "/opt/a/dri:/opt/b/dri/", "amd64", have("/opt/b/dri/swrast_dri.so", "/usr/lib/dri/swrast_dri.so"), "/opt/b/dri/swrast_dri.so"},
		{"LIBGL_DRIVERS_PATH, nowhere else", "/opt/a/dri::", "amd64", have("/usr/lib/dri/swrast_dri.so"), ""},
	}
	for _, c := range cases {
		got, ok := driverPath(c.driversPath, c.arch, c.exists)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("%s: driverPath = %q, %v; want %q", c.name, got, ok, c.want)
		}
	}
}

// TestDriverPathReadsLIBGL_DRIVERS_PATH: DriverPath reads the variable and
// finds a real file.
func TestDriverPathReadsLIBGL_DRIVERS_PATH(t *testing.T) {
	dir := t.TempDir()
	want := filepath.Join(dir, driverFile)
	if err := os.WriteFile(want, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LIBGL_DRIVERS_PATH", "/nonexistent/dri:"+dir)
	if got, ok := DriverPath(); !ok || got != want {
		t.Errorf("DriverPath = %q, %v; want %q, true", got, ok, want)
	}
}
