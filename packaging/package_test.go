package packaging

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"debug/elf"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

const appID = "io.vigia.app"

// repo is the repository root; tests run in packaging/.
const repo = ".."

// fyneApp is what the packages take from FyneApp.toml.
type fyneApp struct {
	Name, ID, Version string
	Build             int
	GenericName       string
	Comment           string
	Categories        []string
	Keywords          []string
}

var tomlString = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)

// readFyneApp reads the keys the packages use from FyneApp.toml: flat
// string, integer and string-array values, which is all the file holds.
func readFyneApp(t *testing.T) fyneApp {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repo, "FyneApp.toml"))
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]string{} // "Section.Key" -> raw value
	section := ""
	for line := range strings.Lines(string(data)) {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "["):
			section = strings.Trim(line, "[] ")
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				t.Fatalf("FyneApp.toml: cannot read %q", line)
			}
			values[section+"."+strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	str := func(key string) string {
		v := values[key]
		s, err := strconv.Unquote(v)
		if err != nil {
			t.Fatalf("FyneApp.toml: %s = %s is not a string", key, v)
		}
		return s
	}
	list := func(key string) []string {
		var out []string
		for _, m := range tomlString.FindAllString(values[key], -1) {
			s, err := strconv.Unquote(m)
			if err != nil {
				t.Fatalf("FyneApp.toml: %s: %v", key, err)
			}
			out = append(out, s)
		}
		return out
	}
	build, err := strconv.Atoi(values["Details.Build"])
	if err != nil {
		t.Fatalf("FyneApp.toml: Build: %v", err)
	}
	return fyneApp{
		Name: str("Details.Name"), ID: str("Details.ID"), Version: str("Details.Version"), Build: build,
		GenericName: str("LinuxAndBSD.GenericName"), Comment: str("LinuxAndBSD.Comment"),
		Categories: list("LinuxAndBSD.Categories"), Keywords: list("LinuxAndBSD.Keywords"),
	}
}

// readDesktopEntry returns the [Desktop Entry] group's keys.
func readDesktopEntry(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	entry := map[string]string{}
	group := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "["):
			group = line
		case group == "[Desktop Entry]":
			k, v, _ := strings.Cut(line, "=")
			entry[k] = v
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return entry
}

func desktopList(v string) []string { return strings.Split(strings.TrimSuffix(v, ";"), ";") }

// metainfo is the part of the AppStream file the tests look at.
type metainfo struct {
	ID         string   `xml:"id"`
	Launchable string   `xml:"launchable"`
	Categories []string `xml:"categories>category"`
	Binaries   []string `xml:"provides>binary"`
	Releases   []struct {
		Version string `xml:"version,attr"`
		Date    string `xml:"date,attr"`
	} `xml:"releases>release"`
}

func readMetainfo(t *testing.T, path string) metainfo {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m metainfo
	if err := xml.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// lintianAllowed reads packaging/deb/lintian-allow: one entry a line, "TAG"
// (any context) or "TAG CONTEXT" (only that context); # starts a comment.
func lintianAllowed(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("deb", "lintian-allow"))
	if err != nil {
		t.Fatal(err)
	}
	var entries []string
	for line := range strings.Lines(string(data)) {
		line, _, _ = strings.Cut(line, "#")
		if line = strings.TrimSpace(line); line != "" {
			entries = append(entries, line)
		}
	}
	return entries
}

func entryTag(entry string) string { tag, _, _ := strings.Cut(entry, " "); return tag }

// TestPackagingFilesMatchFyneApp checks, without building anything, that the
// hand-written packaging files say what FyneApp.toml says.
func TestPackagingFilesMatchFyneApp(t *testing.T) {
	app := readFyneApp(t)
	if app.ID != appID {
		t.Fatalf("FyneApp.toml ID = %q; packaging/ names its files after %q", app.ID, appID)
	}
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(app.Version) || app.Build < 1 {
		t.Errorf("FyneApp.toml: Version %q Build %d; want MAJOR.MINOR.PATCH and Build >= 1", app.Version, app.Build)
	}

	t.Run("desktop entry", func(t *testing.T) {
		e := readDesktopEntry(t, filepath.Join("linux", appID+".desktop"))
		want := map[string]string{
			"Type": "Application", "Name": app.Name, "GenericName": app.GenericName,
			"Comment": app.Comment, "Exec": "vigia", "Icon": appID, "Terminal": "false",
		}
		for k, v := range want {
			if e[k] != v {
				t.Errorf("%s=%q, want %q (FyneApp.toml)", k, e[k], v)
			}
		}
		if got := desktopList(e["Categories"]); !slices.Equal(got, app.Categories) {
			t.Errorf("Categories %q, FyneApp.toml has %q", got, app.Categories)
		}
		if got := desktopList(e["Keywords"]); !slices.Equal(got, app.Keywords) {
			t.Errorf("Keywords %q, FyneApp.toml has %q", got, app.Keywords)
		}
	})

	t.Run("metainfo", func(t *testing.T) {
		m := readMetainfo(t, filepath.Join("linux", appID+".metainfo.xml"))
		if m.ID != appID || m.Launchable != appID+".desktop" || !slices.Contains(m.Binaries, "vigia") {
			t.Errorf("id %q launchable %q binaries %q; want %q, %q, vigia", m.ID, m.Launchable, m.Binaries, appID, appID+".desktop")
		}
		if !slices.Equal(m.Categories, app.Categories) {
			t.Errorf("categories %q, FyneApp.toml has %q", m.Categories, app.Categories)
		}
		if len(m.Releases) == 0 || m.Releases[0].Version != app.Version {
			t.Errorf("the newest <release> must be FyneApp.toml's Version %s; have %+v", app.Version, m.Releases)
		}
	})

	t.Run("changelog", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join("deb", "changelog"))
		if err != nil {
			t.Fatal(err)
		}
		if first, _, _ := strings.Cut(string(data), "\n"); !strings.HasPrefix(first, "vigia ("+app.Version+") ") {
			t.Errorf("deb/changelog starts %q; want an entry for vigia (%s)", first, app.Version)
		}
	})

	t.Run("icons", func(t *testing.T) {
		for _, n := range []int{16, 20, 22, 24, 32, 40, 48, 64, 128, 256, 512, 1024} {
			f, err := os.Open(filepath.Join(repo, "assets", "icons", "vigia-"+strconv.Itoa(n)+".png"))
			if err != nil {
				t.Error(err)
				continue
			}
			cfg, err := png.DecodeConfig(f)
			f.Close()
			if err != nil || cfg.Width != n || cfg.Height != n {
				t.Errorf("vigia-%d.png: %dx%d, %v", n, cfg.Width, cfg.Height, err)
			}
		}
		ico, err := os.ReadFile(filepath.Join(repo, "assets", "icons", "vigia.ico"))
		if err != nil {
			t.Fatal(err)
		}
		// ICONDIR: reserved 0, type 1, count; then 16-byte entries whose first
		// byte is the width (0 meaning 256).
		if len(ico) < 6 || ico[0] != 0 || ico[1] != 0 || ico[2] != 1 || ico[3] != 0 {
			t.Fatalf("vigia.ico is not an icon file")
		}
		var widths []int
		for i := range int(ico[4]) {
			w := int(ico[6+16*i])
			if w == 0 {
				w = 256
			}
			widths = append(widths, w)
		}
		for _, n := range []int{16, 24, 32, 48, 256} {
			if !slices.Contains(widths, n) {
				t.Errorf("vigia.ico has sizes %v; Windows wants %d too", widths, n)
			}
		}
	})

	t.Run("lintian allow-list explained", func(t *testing.T) {
		readme, err := os.ReadFile("README.md")
		if err != nil {
			t.Fatal(err)
		}
		for _, entry := range lintianAllowed(t) {
			if !bytes.Contains(readme, []byte("`"+entryTag(entry)+"`")) {
				t.Errorf("deb/lintian-allow lists %s, but packaging/README.md does not explain it", entryTag(entry))
			}
		}
	})
}

// need skips the test when a tool is missing, or fails it when CI is set.
func need(t *testing.T, tools ...string) {
	t.Helper()
	var missing []string
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if len(missing) == 0 {
		return
	}
	msg := "missing " + strings.Join(missing, ", ") + " (scripts/deps.sh test installs them)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// buildDeb builds the .deb into a temporary directory with scripts/dist.sh,
// or takes the one VIGIA_DEB names (for a CI job that ran make dist).
func buildDeb(t *testing.T, version string) string {
	t.Helper()
	if deb := os.Getenv("VIGIA_DEB"); deb != "" {
		return deb
	}
	ctx := context.Background()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-30*time.Second))
		defer cancel()
	}
	out := t.TempDir()
	cmd := exec.CommandContext(ctx, "bash", filepath.Join(repo, "scripts", "dist.sh"), "--out", out, "--no-check", "deb")
	cmd.WaitDelay = 10 * time.Second
	start := time.Now()
	log, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("scripts/dist.sh deb: %v\n%s", err, log)
	}
	t.Logf("scripts/dist.sh deb took %s", time.Since(start).Round(time.Second))
	arch := strings.TrimSpace(run(t, "dpkg", "--print-architecture"))
	return filepath.Join(out, "vigia_"+version+"_"+arch+".deb")
}

// packageOf returns the Debian package that ships the shared library soname.
func packageOf(t *testing.T, soname string) string {
	t.Helper()
	out, _ := exec.Command("dpkg", "-S", soname).Output()
	for line := range strings.Lines(string(out)) {
		pkgs, path, ok := strings.Cut(strings.TrimSpace(line), ": ")
		if !ok || filepath.Base(path) != soname {
			continue
		}
		pkg, _, _ := strings.Cut(strings.Split(pkgs, ", ")[0], ":")
		return pkg
	}
	t.Fatalf("no installed package ships %s", soname)
	return ""
}

// glfwDlopens are the X11 libraries GLFW loads with dlopen, so they are in
// no DT_NEEDED entry, yet the window needs them (cursors, monitors, input).
var glfwDlopens = []string{"libXcursor.so.1", "libXi.so.6", "libXinerama.so.1", "libXrandr.so.2", "libXxf86vm.so.1"}

// TestDeb builds the .deb, installs it into a scratch root with dpkg -x, runs
// the installed binary, and checks it with desktop-file-validate,
// appstreamcli and lintian.
func TestDeb(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the app: not in -short")
	}
	if runtime.GOOS != "linux" {
		t.Skip("the .deb is built on Linux")
	}
	need(t, "go", "gcc", "pkg-config", "strip", "xz", "dpkg", "dpkg-deb", "dpkg-shlibdeps",
		"lintian", "desktop-file-validate", "appstreamcli")
	app := readFyneApp(t)
	deb := buildDeb(t, app.Version)
	root := t.TempDir()
	run(t, "dpkg-deb", "-x", deb, root)

	t.Run("control", func(t *testing.T) {
		fields := map[string]string{}
		for _, f := range []string{"Package", "Version", "Maintainer", "Depends", "Description"} {
			fields[f] = strings.TrimSpace(run(t, "dpkg-deb", "-f", deb, f))
		}
		if fields["Package"] != "vigia" || fields["Version"] != app.Version {
			t.Errorf("Package %q Version %q; want vigia %s", fields["Package"], fields["Version"], app.Version)
		}
		var depends []string
		for d := range strings.SplitSeq(fields["Depends"], ",") {
			name, _, _ := strings.Cut(strings.TrimSpace(d), " ")
			depends = append(depends, name)
		}
		f, err := elf.Open(filepath.Join(root, "usr", "bin", "vigia"))
		if err != nil {
			t.Fatal(err)
		}
		needed, err := f.ImportedLibraries()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, soname := range append(needed, glfwDlopens...) {
			if pkg := packageOf(t, soname); !slices.Contains(depends, pkg) {
				t.Errorf("vigia needs %s from %s, but Depends is %q", soname, pkg, fields["Depends"])
			}
		}
		t.Logf("NEEDED %v; Depends: %s", needed, fields["Depends"])
	})

	t.Run("files", func(t *testing.T) {
		bin, err := os.Stat(filepath.Join(root, "usr", "bin", "vigia"))
		if err != nil || bin.Mode().Perm() != 0o755 {
			t.Errorf("usr/bin/vigia: %v %v", bin, err)
		}
		files := []string{
			"usr/share/applications/" + appID + ".desktop",
			"usr/share/metainfo/" + appID + ".metainfo.xml",
			"usr/share/icons/hicolor/scalable/apps/" + appID + ".svg",
			"usr/share/doc/vigia/copyright",
		}
		for _, n := range []int{16, 22, 24, 32, 48, 64, 128, 256, 512} {
			files = append(files, "usr/share/icons/hicolor/"+strconv.Itoa(n)+"x"+strconv.Itoa(n)+"/apps/"+appID+".png")
		}
		for _, f := range files {
			if fi, err := os.Stat(filepath.Join(root, f)); err != nil || fi.Mode().Perm() != 0o644 {
				t.Errorf("%s: %v", f, err)
			}
		}
		for f, want := range map[string]string{
			"usr/share/doc/vigia/changelog.gz": "vigia (" + app.Version + ")",
			"usr/share/man/man1/vigia.1.gz":    `"vigia ` + app.Version + `"`,
		} {
			if text := gunzip(t, filepath.Join(root, f)); !strings.Contains(text, want) {
				t.Errorf("%s does not mention %s", f, want)
			}
		}
		// The lnav format, a conffile where lnav looks system-wide.
		if got, err := os.ReadFile(filepath.Join(root, lnavSystemPath)); err != nil {
			t.Error(err)
		} else if want, err := os.ReadFile(lnavFormat); err != nil || !bytes.Equal(got, want) {
			t.Errorf("/%s is not %s (%v)", lnavSystemPath, lnavFormat, err)
		} else if fi, err := os.Stat(filepath.Join(root, lnavSystemPath)); err != nil || fi.Mode().Perm() != 0o644 {
			t.Errorf("/%s: %v %v", lnavSystemPath, fi, err)
		}
		ctrl := t.TempDir()
		run(t, "dpkg-deb", "-e", deb, ctrl)
		if conffiles, err := os.ReadFile(filepath.Join(ctrl, "conffiles")); err != nil || string(conffiles) != "/"+lnavSystemPath+"\n" {
			t.Errorf("DEBIAN/conffiles: %q, %v; want /%s", conffiles, err, lnavSystemPath)
		}
		if c, err := os.ReadFile(filepath.Join(root, "usr", "share", "doc", "vigia", "copyright")); err != nil ||
			!bytes.Contains(c, []byte("\nLicense: MIT\n")) || !bytes.Contains(c, []byte("fyne.io/fyne/v2 ")) {
			t.Errorf("usr/share/doc/vigia/copyright: no MIT licence or no Go module list (%v)", err)
		}
		// Every path belongs to root:root.
		for line := range strings.Lines(run(t, "dpkg-deb", "-c", deb)) {
			if fields := strings.Fields(line); len(fields) < 2 || fields[1] != "root/root" {
				t.Errorf("not owned by root/root: %s", line)
			}
		}
	})

	t.Run("installed binary", func(t *testing.T) {
		bin := filepath.Join(root, "usr", "bin", "vigia")
		out, err := exec.Command(bin, "--version").Output()
		want := fmt.Sprintf("vigia %s (build %d)\n", app.Version, app.Build)
		if got := string(out); err != nil || (got != want && got != "vigia "+app.Version+"\n") {
			t.Errorf("%s --version: %q, %v; want %q", bin, got, err, want)
		}
		// A headless command works too, and only writes where it is told.
		cmd := exec.Command(bin, "models")
		tmp := t.TempDir()
		cmd.Env = append(os.Environ(), "HOME="+tmp, "XDG_STATE_HOME="+tmp, "XDG_DATA_HOME="+tmp,
			"VIGIA_LOG_DIR="+filepath.Join(tmp, "logs"), "VIGIA_DATA_DIR="+filepath.Join(tmp, "data"))
		out, err = cmd.Output()
		if err != nil || !strings.Contains(string(out), "sentiment") {
			t.Errorf("vigia models: %v\n%s", err, out)
		}
	})

	t.Run("desktop-file-validate", func(t *testing.T) {
		desktop := filepath.Join(root, "usr", "share", "applications", appID+".desktop")
		if out := run(t, "desktop-file-validate", desktop); out != "" {
			t.Errorf("desktop-file-validate has remarks:\n%s", out)
		}
	})

	t.Run("appstreamcli validate", func(t *testing.T) {
		mi := filepath.Join(root, "usr", "share", "metainfo", appID+".metainfo.xml")
		out := run(t, "appstreamcli", "validate", "--no-net", "--pedantic", mi)
		t.Logf("appstreamcli validate --no-net --pedantic: %s", strings.TrimSpace(out))
	})

	t.Run("lintian", func(t *testing.T) {
		allowed := lintianAllowed(t)
		out, err := exec.Command("lintian", "--display-level", ">=pedantic", "--tag-display-limit", "0", deb).CombinedOutput()
		t.Logf("lintian --display-level '>=pedantic' (exit %v):\n%s", err, out)
		tagLine := regexp.MustCompile(`^[A-Z]: vigia(?: [a-z]+)?: ((\S+).*)$`)
		seen := map[string]bool{}
		tags := 0
		for line := range strings.Lines(string(out)) {
			m := tagLine.FindStringSubmatch(strings.TrimSpace(line))
			if m == nil {
				continue
			}
			tags++
			hint, tag := m[1], m[2]
			switch {
			case slices.Contains(allowed, hint):
				seen[hint] = true
			case slices.Contains(allowed, tag):
				seen[tag] = true
			default:
				t.Errorf("lintian: %s (not in packaging/deb/lintian-allow: fix it, or allow it and explain why in packaging/README.md)", strings.TrimSpace(line))
			}
		}
		if _, ok := err.(*exec.ExitError); err != nil && (!ok || tags == 0) {
			t.Fatalf("lintian failed without reporting a tag: %v", err)
		}
		for _, entry := range allowed {
			if !seen[entry] {
				t.Logf("lintian-allow has %q, which lintian no longer reports: it can go", entry)
			}
		}
	})
}

func gunzip(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	data, err := io.ReadAll(z)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return string(data)
}
