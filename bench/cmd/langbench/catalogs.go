package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// catalogLocales maps the corpus's language folders to the locale folders
// of /usr/share/locale whose message catalogs fill them (pt is Brazilian
// Portuguese, as in manpages-l10n).
var catalogLocales = map[string]string{
	"es": "es", "de": "de", "fr": "fr", "it": "it", "pt": "pt_BR",
	"nl": "nl", "pl": "pl", "ro": "ro", "sv": "sv",
}

// writeCatalogs builds a second corpus, of another kind than the manual
// pages: the messages of the gettext catalogs (LC_MESSAGES/*.mo) that the
// installed Debian packages ship under localeDir, in the layout loadCorpus
// reads. A package's translated messages become out/<lang>/<domain>.txt,
// one message a paragraph (an indented line); its English originals become
// out/en/<domain>.txt and out/orig/<domain>.txt, so that a message left
// untranslated is dropped as a copy of its original. The split is by
// package (domain), as it is by page for the manual pages.
func writeCatalogs(localeDir, out string) error {
	english := map[string]map[string]bool{} // domain → originals
	wrote := 0
	for _, lang := range slices.Sorted(maps.Keys(catalogLocales)) {
		files, err := filepath.Glob(filepath.Join(localeDir, catalogLocales[lang], "LC_MESSAGES", "*.mo"))
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(out, lang), 0o755); err != nil {
			return err
		}
		for _, f := range files {
			domain := strings.TrimSuffix(filepath.Base(f), ".mo")
			pairs, err := readMO(f)
			if err != nil {
				fmt.Fprintf(os.Stderr, "langbench: skipping %s: %v\n", f, err)
				continue
			}
			var lines []string
			for _, p := range pairs {
				id, str := oneLine(p[0]), oneLine(p[1])
				if id == "" || str == "" || str == id {
					continue
				}
				lines = append(lines, "   "+str)
				if english[domain] == nil {
					english[domain] = map[string]bool{}
				}
				english[domain][id] = true
			}
			if len(lines) == 0 {
				continue
			}
			slices.Sort(lines)
			if err := os.WriteFile(filepath.Join(out, lang, domain+".txt"), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
				return err
			}
			wrote++
		}
	}
	if wrote == 0 {
		return fmt.Errorf("no translated message catalogs under %s (Debian: the packages' translations are there unless dpkg is told to leave them out)", localeDir)
	}
	for _, dir := range []string{"en", "orig"} {
		if err := os.MkdirAll(filepath.Join(out, dir), 0o755); err != nil {
			return err
		}
	}
	for domain, ids := range english {
		list := slices.Sorted(maps.Keys(ids))
		indented := make([]string, len(list))
		for i, id := range list {
			indented[i] = "   " + id
		}
		if err := os.WriteFile(filepath.Join(out, "en", domain+".txt"), []byte(strings.Join(indented, "\n")+"\n"), 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, "orig", domain+".txt"), []byte(strings.Join(list, "\n")+"\n"), 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "langbench: %d catalogs written under %s\n", wrote, out)
	return nil
}

// oneLine is a message's first form (a plural message holds its forms
// apart by NUL bytes), without its context ("ctx\x04msgid"), its white
// space runs made single spaces.
func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\x00")
	if i := strings.IndexByte(s, '\x04'); i >= 0 {
		s = s[i+1:]
	}
	return strings.Join(strings.Fields(s), " ")
}

// readMO reads a GNU gettext message catalog: the pairs of original and
// translation, the header entry (empty original) included.
func readMO(path string) ([][2]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) < 20 {
		return nil, errors.New("too short for a message catalog")
	}
	var order binary.ByteOrder
	switch {
	case binary.LittleEndian.Uint32(b) == 0x950412de:
		order = binary.LittleEndian
	case binary.BigEndian.Uint32(b) == 0x950412de:
		order = binary.BigEndian
	default:
		return nil, errors.New("not a message catalog")
	}
	n, origs, trans := order.Uint32(b[8:]), order.Uint32(b[12:]), order.Uint32(b[16:])
	str := func(table, i uint32) (string, error) {
		at := uint64(table) + 8*uint64(i)
		if at+8 > uint64(len(b)) {
			return "", errors.New("table out of the file")
		}
		length, off := uint64(order.Uint32(b[at:])), uint64(order.Uint32(b[at+4:]))
		if off+length > uint64(len(b)) {
			return "", errors.New("string out of the file")
		}
		return string(b[off : off+length]), nil
	}
	pairs := make([][2]string, 0, n)
	for i := range n {
		o, err := str(origs, i)
		if err != nil {
			return nil, err
		}
		t, err := str(trans, i)
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, [2]string{o, t})
	}
	return pairs, nil
}
