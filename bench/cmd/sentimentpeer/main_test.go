package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadPatternCSV(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "polarity.csv")
	data := "\ufeff\"1\",\"a  gorgeous , moving film . \n\"\n\"-1\",\"it all feels like a sketch gone horribly wrong . \"\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := readLines(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []line{
		{text: "a gorgeous , moving film .", label: 1},
		{text: "it all feels like a sketch gone horribly wrong .", label: 0},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i].text != want[i].text || got[i].label != want[i].label {
			t.Errorf("line %d = %+v, want %+v", i, got[i], want[i])
		}
	}

	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("\"0\",\"neither\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readLines(bad); err == nil || !strings.Contains(err.Error(), "bad label") {
		t.Errorf("label 0: err = %v, want a bad label", err)
	}
}
