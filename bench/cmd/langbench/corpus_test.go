package main

import (
	"strings"
	"testing"
)

// TestCheckRendered: a page that man wrote in a locale the machine lacks,
// its letters beyond ASCII as escapes, is refused; a page with its
// letters, or with a backslash of its own ("\n" in an example), is not.
func TestCheckRendered(t *testing.T) {
	for _, c := range []struct {
		page string
		bad  bool
	}{
		{`arp - m\xc3\xb3dulo de kernel para ARP em Linux`, true},
		{`\xe2\x80\xa2   The object is neither`, true},
		{"arp - módulo de kernel para ARP em Linux", false},
		{`printf "%s\n" and \x41 in an example`, false},
	} {
		err := checkRendered("p.txt", []byte(c.page))
		if (err != nil) != c.bad {
			t.Errorf("%q: error %v, want an error: %v", c.page, err, c.bad)
		}
		if err != nil && !strings.Contains(err.Error(), "corpus.sh") {
			t.Errorf("%q: the error %q does not say how to mend it", c.page, err)
		}
	}
}
