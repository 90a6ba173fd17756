package main

import (
	"bufio"
	"bytes"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// writeDDTP builds a third corpus, of package descriptions: the
// translations of the Debian Description Translation Project that apt
// keeps in listsDir (…_i18n_Translation-<locale>[.lz4|.xz|.gz|.bz2]), in
// the layout loadCorpus reads. A package's translated description becomes
// out/<lang>/<package>.txt, one paragraph an indented line (the synopsis
// is the first); its English original becomes out/en/<package>.txt and
// out/orig/<package>.txt, so that a paragraph left untranslated is dropped
// as a copy of its original. Only packages with an English original are
// written. apt fetches the files when told which languages to keep:
//
//	apt-get update -o Acquire::Languages=en,es,de,fr,it,pt_BR,nl,pl,ro,sv \
//		-o Dir::State::Lists=/tmp/apt-lists
func writeDDTP(listsDir, out string) error {
	english, err := readTranslations(listsDir, "en")
	if err != nil {
		return err
	}
	if len(english) == 0 {
		return fmt.Errorf("no English descriptions (Translation-en) under %s: run apt-get update with -o Acquire::Languages=en,es,de,fr,it,pt_BR", listsDir)
	}
	translated := map[string]bool{}
	wrote := 0
	for _, lang := range slices.Sorted(maps.Keys(catalogLocales)) {
		descs, err := readTranslations(listsDir, catalogLocales[lang])
		if err != nil {
			return err
		}
		if len(descs) == 0 {
			continue
		}
		if err := os.MkdirAll(filepath.Join(out, lang), 0o755); err != nil {
			return err
		}
		for pkg, paras := range descs {
			if english[pkg] == nil {
				continue
			}
			if err := writeParagraphs(filepath.Join(out, lang, pkg+".txt"), paras, "   "); err != nil {
				return err
			}
			translated[pkg] = true
			wrote++
		}
	}
	if wrote == 0 {
		return fmt.Errorf("no translated descriptions (Translation-es, -de, …) under %s: run apt-get update with -o Acquire::Languages=en,es,de,fr,it,pt_BR", listsDir)
	}
	for _, dir := range []string{"en", "orig"} {
		if err := os.MkdirAll(filepath.Join(out, dir), 0o755); err != nil {
			return err
		}
	}
	for pkg := range translated {
		if err := writeParagraphs(filepath.Join(out, "en", pkg+".txt"), english[pkg], "   "); err != nil {
			return err
		}
		if err := writeParagraphs(filepath.Join(out, "orig", pkg+".txt"), english[pkg], ""); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "langbench: %d translated descriptions of %d packages written under %s\n", wrote, len(translated), out)
	return nil
}

// writeParagraphs writes paras to path, one a line, each after indent.
func writeParagraphs(path string, paras []string, indent string) error {
	var b strings.Builder
	for _, p := range paras {
		b.WriteString(indent + p + "\n")
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// readTranslations reads every Translation-<locale> file of listsDir (one
// a suite and component) and returns each package's description as
// paragraphs; nil when there is none.
func readTranslations(listsDir, locale string) (map[string][]string, error) {
	files, err := filepath.Glob(filepath.Join(listsDir, "*_i18n_Translation-"+strings.ReplaceAll(locale, "_", "%5f")+"*"))
	if err != nil {
		return nil, err
	}
	more, err := filepath.Glob(filepath.Join(listsDir, "*_i18n_Translation-"+locale+"*"))
	if err != nil {
		return nil, err
	}
	files = slices.Compact(slices.Sorted(slices.Values(append(files, more...))))
	var descs map[string][]string
	for _, f := range files {
		b, err := decompress(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		if descs == nil {
			descs = map[string][]string{}
		}
		parseTranslation(b, descs)
	}
	return descs, nil
}

// decompress returns the content of f, through the tool its suffix names.
func decompress(f string) ([]byte, error) {
	tools := map[string]string{".lz4": "lz4cat", ".xz": "xzcat", ".gz": "zcat", ".bz2": "bzcat", ".zst": "zstdcat"}
	tool, ok := tools[filepath.Ext(f)]
	if !ok {
		return os.ReadFile(f)
	}
	cmd := exec.Command(tool, f)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %v: %s", tool, err, strings.TrimSpace(stderr.String()))
	}
	return b, nil
}

// descField is the description field of a Translation stanza, in any
// language ("Description-es: …"), but not its checksum (Description-md5).
var descField = regexp.MustCompile(`^Description-([A-Za-z_]+): ?(.*)$`)

// parseTranslation adds the descriptions of a Translation file to descs,
// as paragraphs: the synopsis, then the long description's paragraphs,
// split at its " ." lines, with each line the policy shows verbatim (it
// starts with two spaces: lists, code) a paragraph of its own.
func parseTranslation(b []byte, descs map[string][]string) {
	var pkg string
	var paras []string
	var cur []string
	inDesc := false
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, " "))
			cur = nil
		}
	}
	end := func() {
		flush()
		if pkg != "" && len(paras) > 0 {
			descs[pkg] = paras
		}
		pkg, paras, inDesc = "", nil, false
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			end()
		case strings.HasPrefix(line, " ") && inDesc:
			switch body := line[1:]; {
			case strings.TrimSpace(body) == ".":
				flush()
			case strings.HasPrefix(body, " "):
				flush()
				paras = append(paras, strings.Join(strings.Fields(body), " "))
			default:
				cur = append(cur, strings.TrimSpace(body))
			}
		case strings.HasPrefix(line, "Package: "):
			pkg = strings.TrimSpace(strings.TrimPrefix(line, "Package: "))
		default:
			inDesc = false
			if m := descField.FindStringSubmatch(line); m != nil && m[1] != "md5" {
				inDesc = true
				if s := strings.TrimSpace(m[2]); s != "" {
					paras = append(paras, s)
				}
			}
		}
	}
	end()
}
