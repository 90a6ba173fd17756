package builtin

import (
	"testing"
	"time"

	"vigia/models"
	"vigia/models/openai"
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

// TestRegistryWith: the saved endpoint becomes the openai model's defaults.
func TestRegistryWith(t *testing.T) {
	r := RegistryWith(openai.Options{BaseURL: "http://10.0.0.5:8080/v1", ModelName: "qwen2.5", Timeout: 90 * time.Second})
	m, _ := r.Get("openai")
	v, err := models.ParseParams(m, nil)
	if err != nil || v.String("base_url") != "http://10.0.0.5:8080/v1" || v.String("model") != "qwen2.5" || v.Duration("timeout") != 90*time.Second {
		t.Errorf("got %v, %v", v, err)
	}
	d, _ := Registry().Get("openai")
	if v, _ := models.ParseParams(d, nil); v.String("base_url") != openai.DefaultBaseURL {
		t.Errorf("the default registry got base_url %q", v.String("base_url"))
	}
}
