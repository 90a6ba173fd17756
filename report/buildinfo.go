package report

import "runtime/debug"

// fyneModule is the module path of the toolkit the app is built with.
const fyneModule = "fyne.io/fyne/v2"

// FyneVersion returns the version of Fyne linked into the running binary,
// read from its build information, so that go.mod stays the one source:
// the About dialog and both diagnostics bundles (the window's and
// "vigia diagnostics") show it. It is "unknown" when the binary carries no
// build information or doesn't link Fyne (a test binary of a package that
// doesn't import it).
func FyneVersion() string {
	bi, ok := debug.ReadBuildInfo()
	return moduleVersion(bi, ok, fyneModule)
}

// moduleVersion returns the version of module path in bi: its replacement's
// when it is replaced by another version, "unknown" when bi lacks it.
func moduleVersion(bi *debug.BuildInfo, ok bool, path string) string {
	if !ok || bi == nil {
		return "unknown"
	}
	for _, d := range bi.Deps {
		if d.Path != path {
			continue
		}
		if d.Replace != nil && d.Replace.Version != "" {
			return d.Replace.Version
		}
		if d.Version == "" {
			return "unknown"
		}
		return d.Version
	}
	return "unknown"
}
