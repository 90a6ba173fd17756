package main

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteOpinion checks -opinion's rule: words of lower-case letters
// with inner hyphens or apostrophes are kept, each with 1 or -1, sorted;
// entries that are not such words and words listed both ways are not.
func TestWriteOpinion(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "opinion.tsv")
	table := "word\tsentiment\n2-faced\tnegative\na+\tpositive\nwell-known\tpositive\njunk\tnegative\nenvious\tnegative\nenvious\tpositive\n-ish\tnegative\ncan't\tnegative\nabound\tpositive\n"
	if err := os.WriteFile(src, []byte(table), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "opinion-en.txt.gz")
	if err := writeOpinion(src, out); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(data), "\n", 2)
	if !strings.HasPrefix(lines[0], "# word\t") {
		t.Errorf("got first line %q, want a comment", lines[0])
	}
	if want := "abound\t1\ncan't\t-1\njunk\t-1\nwell-known\t1\n"; lines[1] != want {
		t.Errorf("got %q, want %q", lines[1], want)
	}

	// A table that is not tidytext's is refused.
	if err := os.WriteFile(src, []byte("word\tvalue\njunk\t-1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeOpinion(src, out); err == nil || !strings.Contains(err.Error(), "header") {
		t.Errorf("got %v, want an error about the header", err)
	}
	if err := os.WriteFile(src, []byte("word\tsentiment\njunk\tbad\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeOpinion(src, out); err == nil || !strings.Contains(err.Error(), ":2:") {
		t.Errorf("got %v, want an error naming line 2", err)
	}
}
