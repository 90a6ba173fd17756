package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// translationEN and translationES are Translation files as apt keeps
// them: stanzas of Package, Description-md5 and Description-<lang>.
const translationEN = `Package: demo
Description-md5: 0123456789abcdef0123456789abcdef
Description-en: tool that does a thing
 The tool does a thing, and it does it
 well.
 .
 Lists shown verbatim:
   * first item
   * second item
 .
 Last paragraph.

Package: only-english
Description-md5: fedcba9876543210fedcba9876543210
Description-en: nobody translated this
 Nothing here.
`

const translationES = `Package: demo
Description-md5: 0123456789abcdef0123456789abcdef
Description-es: herramienta que hace algo
 La herramienta hace algo, y lo hace
 bien.
 .
 Lists shown verbatim:
   * primer elemento
 .
 Último párrafo.

Package: not-in-english
Description-md5: 00000000000000000000000000000000
Description-es: sin original
`

// TestParseTranslation: a description's paragraphs are its synopsis, its
// long description's paragraphs joined across lines, and each verbatim
// line on its own; the checksum is no description.
func TestParseTranslation(t *testing.T) {
	descs := map[string][]string{}
	parseTranslation([]byte(translationEN), descs)
	want := []string{"tool that does a thing", "The tool does a thing, and it does it well.",
		"Lists shown verbatim:", "* first item", "* second item", "Last paragraph."}
	if !slices.Equal(descs["demo"], want) {
		t.Errorf("demo: got %q, want %q", descs["demo"], want)
	}
	if got := descs["only-english"]; !slices.Equal(got, []string{"nobody translated this", "Nothing here."}) {
		t.Errorf("only-english: got %q", got)
	}
}

// TestWriteDDTP: the translated description of a package with an English
// original goes to its language's folder (pt from pt_BR, whose file name
// apt escapes), the original to en and orig; a package without an
// original is left out; compressed files are read through their tool.
func TestWriteDDTP(t *testing.T) {
	lists, out := t.TempDir(), t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(lists, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("deb.debian.org_debian_dists_bookworm_main_i18n_Translation-en", translationEN)
	write("deb.debian.org_debian_dists_bookworm_main_i18n_Translation-pt%5fBR", "Package: demo\nDescription-pt_BR: ferramenta que faz algo\n")
	es := filepath.Join(lists, "deb.debian.org_debian_dists_bookworm_main_i18n_Translation-es")
	write("deb.debian.org_debian_dists_bookworm_main_i18n_Translation-es", translationES)
	if _, err := exec.LookPath("gzip"); err == nil {
		if err := exec.Command("gzip", es).Run(); err != nil {
			t.Fatal(err)
		}
	}
	if err := writeDDTP(lists, out); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		"es/demo.txt":   "   herramienta que hace algo\n   La herramienta hace algo, y lo hace bien.\n   Lists shown verbatim:\n   * primer elemento\n   Último párrafo.\n",
		"pt/demo.txt":   "   ferramenta que faz algo\n",
		"en/demo.txt":   "   tool that does a thing\n   The tool does a thing, and it does it well.\n   Lists shown verbatim:\n   * first item\n   * second item\n   Last paragraph.\n",
		"orig/demo.txt": "tool that does a thing\nThe tool does a thing, and it does it well.\nLists shown verbatim:\n* first item\n* second item\nLast paragraph.\n",
	} {
		b, err := os.ReadFile(filepath.Join(out, file))
		if err != nil || string(b) != want {
			t.Errorf("%s: got %q (%v), want %q", file, b, err, want)
		}
	}
	for _, file := range []string{"es/not-in-english.txt", "en/only-english.txt"} {
		if _, err := os.Stat(filepath.Join(out, file)); err == nil {
			t.Errorf("%s written", file)
		}
	}
	if err := writeDDTP(t.TempDir(), t.TempDir()); err == nil {
		t.Error("no error without any Translation file")
	}
}
