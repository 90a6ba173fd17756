package packaging

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestLicence checks, without building anything, that every package states
// the same licence: MIT in LICENSE, the AppStream metainfo, the Debian
// copyright file and the Windows installer's licence page; that the
// third-party notices carry each bundled word list's licence file word for
// word; and that no file names a maintainer address on a domain that is not
// reserved for examples.
func TestLicence(t *testing.T) {
	read := func(path string) string {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}

	if l := read(filepath.Join(repo, "LICENSE")); !strings.HasPrefix(l, "MIT License\n\nCopyright (c) 2026 The Vigía authors\n") ||
		!strings.Contains(l, "Permission is hereby granted, free of charge") {
		t.Errorf("LICENSE is not the MIT licence of the Vigía authors")
	}
	if m := read(filepath.Join("linux", appID+".metainfo.xml")); !strings.Contains(m, "<project_license>MIT</project_license>") {
		t.Errorf("the metainfo has no <project_license>MIT</project_license>")
	}

	t.Run("deb copyright", func(t *testing.T) {
		c := read(filepath.Join("deb", "copyright"))
		if !regexp.MustCompile(`(?m)^Files: \*\nCopyright: 2026 The Vigía authors\nLicense: MIT$`).MatchString(c) {
			t.Errorf("deb/copyright: the Files: * stanza is not MIT, 2026 The Vigía authors")
		}
		// DEP-5: every licence named in a Files stanza has a stand-alone
		// License paragraph with its text.
		named := map[string]bool{}
		for _, m := range regexp.MustCompile(`(?m)^License: (.+)$`).FindAllStringSubmatch(c, -1) {
			for l := range strings.SplitSeq(m[1], " and ") {
				named[l] = true
			}
		}
		for l := range named {
			if !regexp.MustCompile(`(?m)^License: ` + regexp.QuoteMeta(l) + `\n `).MatchString(c) {
				t.Errorf("deb/copyright names licence %s but has no paragraph with its text", l)
			}
		}
		for _, f := range []string{"assets/afinn-165.json", "assets/afinn-es.json", "assets/stopwords-en.json", "assets/stopwords-es.json", "assets/sentiwordnet-en.txt.gz", "assets/opinion-en.txt.gz", "assets/words-en.txt.gz", "assets/words-es.txt.gz", "assets/words-de.txt.gz", "assets/words-fr.txt.gz", "assets/words-it.txt.gz", "assets/words-pt.txt.gz"} {
			if !strings.Contains(c, f) {
				t.Errorf("deb/copyright has no stanza for %s", f)
			}
		}
	})

	t.Run("third-party notices", func(t *testing.T) {
		notices := read(filepath.Join(repo, "THIRD_PARTY_NOTICES"))
		files, err := filepath.Glob(filepath.Join(repo, "assets", "LICENSE-*"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no assets/LICENSE-* files: %v", err)
		}
		for _, f := range files {
			// LICENSE-afinn-es has upstream's CRLF line ends in part; the
			// notices have LF throughout.
			if !strings.Contains(notices, strings.ReplaceAll(read(f), "\r\n", "\n")) {
				t.Errorf("THIRD_PARTY_NOTICES does not carry %s word for word", f)
			}
		}
		for _, name := range []string{"afinn-165.json", "afinn-es.json", "stopwords-en.json", "stopwords-es.json", "sentiwordnet-en.txt.gz", "opinion-en.txt.gz", "words-en.txt.gz", "words-es.txt.gz", "words-de.txt.gz", "words-fr.txt.gz", "words-it.txt.gz", "words-pt.txt.gz", "ODbL", "Noto Sans"} {
			if !strings.Contains(notices, name) {
				t.Errorf("THIRD_PARTY_NOTICES does not mention %s", name)
			}
		}
	})

	t.Run("installer licence page", func(t *testing.T) {
		nsi := read(filepath.Join("windows", "vigia.nsi"))
		for _, want := range []string{`!insertmacro MUI_PAGE_LICENSE "${LICENSE}"`, `"/oname=LICENSE.txt" "${LICENSE}"`,
			`"/oname=THIRD_PARTY_NOTICES.txt" "${NOTICES}"`, `Delete "$INSTDIR\LICENSE.txt"`} {
			if !strings.Contains(nsi, want) {
				t.Errorf("windows/vigia.nsi has no %s", want)
			}
		}
	})

	t.Run("maintainer address", func(t *testing.T) {
		// RFC 2606 reserves example.com, example.net, example.org and .example.
		reserved := regexp.MustCompile(`@(?:[a-z0-9-]+\.)*(?:example\.(?:com|net|org)|example)$`)
		email := regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[A-Za-z]`)
		for _, f := range []string{"deb/control", "deb/copyright", "deb/changelog", "deb/vigia.1",
			"linux/" + appID + ".metainfo.xml", "windows/vigia.nsi", "../FyneApp.toml", "../scripts/dist.sh"} {
			for _, addr := range email.FindAllString(read(f), -1) {
				if strings.HasPrefix(addr, "tituswormer@") { // an upstream author's, in deb/copyright
					continue
				}
				if !reserved.MatchString(addr) {
					t.Errorf("%s: %s is not on a domain reserved for examples", f, addr)
				}
			}
		}
	})
}
