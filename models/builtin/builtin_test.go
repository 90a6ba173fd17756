package builtin

import (
	"testing"

	"vigia/models"
)

func TestRegistry(t *testing.T) {
	r := Registry()
	want := []string{"chaos", "keywords", "language", "openai", "sentiment", "summarize"}
	got := r.Names()
	if len(got) != len(want) {
		t.Fatalf("got models %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got models %v, want %v", got, want)
		}
	}
	for _, m := range r.List() {
		if m.Description() == "" {
			t.Errorf("%s has no description", m.Name())
		}
		if _, err := models.ParseParams(m, nil); err != nil {
			t.Errorf("%s: its defaults don't parse: %v", m.Name(), err)
		}
	}
}
