package redact

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The secrets the value tests hide; each must be gone from both the fmt
// and the JSON form of what Value returns.
const (
	tok  = "Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig"
	key  = "plain-key-value-1234"
	pass = "hunter2-typed"
)

type config struct {
	Model  string
	APIKey string
	Nested *config `json:"nested,omitempty"`
	Hidden string  `json:"-"`
	Tagged string  `json:"client_secret"`
	Count  int     `json:"count,omitempty"`
	secret string
}

type embedded struct {
	Password string
}

type outer struct {
	embedded
	Name string
}

type stringer struct{ v string }

func (s stringer) String() string { return s.v }

type maskedString string

func (maskedString) String() string { return "***" }

type valuer struct{}

func (valuer) LogValue() slog.Value {
	return slog.GroupValue(slog.String("user", "ana"), slog.String("password", pass))
}

type marshaler struct{}

func (marshaler) MarshalJSON() ([]byte, error) {
	return []byte(`{"token":"` + key + `","n":1.5}`), nil
}

type panicky struct{ X int }

func (panicky) MarshalJSON() ([]byte, error) { panic("boom") }

// forms returns what fmt and encoding/json write for v.
func forms(t *testing.T, v any) string {
	t.Helper()
	j, err := json.Marshal(v)
	if err != nil {
		t.Errorf("%#v does not marshal: %v", v, err)
	}
	return fmt.Sprint(v) + "\n" + fmt.Sprintf("%+v", v) + "\n" + string(j)
}

func TestValueHidesSecrets(t *testing.T) {
	u, _ := url.Parse("https://ana:" + pass + "@llm.local:8080/v1?x=1")
	h := http.Header{}
	h.Set("Authorization", tok)
	h.Set("X-Api-Key", key)
	h.Set("Accept", "application/json")
	self := map[string]any{"password": pass}
	self["self"] = self
	list := []any{"Authorization: " + tok, nil}
	list[1] = list
	req, _ := http.NewRequest("POST", u.String(), strings.NewReader(tok))
	req.Header.Set("Authorization", tok)
	req.Response = &http.Response{Request: req}
	deep := any(map[string]any{"leaf": "https://u:" + pass + "@h/"})
	for range 40 {
		deep = []any{deep}
	}
	for _, c := range []struct {
		name string
		v    any
		want []string // in the output, besides the marker
	}{
		{"map of headers", map[string]string{"Authorization": tok, "Accept": "json"}, []string{"Accept:json"}},
		{"http.Header", h, []string{"application/json"}},
		{"slice", []string{tok, "ok"}, []string{"ok"}},
		{"array", [2]string{"x", tok}, []string{"x"}},
		{"struct", config{Model: "m", APIKey: key, Tagged: key, Hidden: key, secret: key}, []string{"Model:m"}},
		{"pointer to struct", &config{Model: "m", Nested: &config{APIKey: key}}, []string{"nested"}},
		{"bytes", []byte(tok), nil},
		{"bytes, not UTF-8", append([]byte{0xff, 0xfe, ' '}, tok...), nil},
		{"URL", *u, []string{"https://[REDACTED]@llm.local:8080/v1?x=1"}},
		{"*URL", u, []string{"https://[REDACTED]@llm.local:8080/v1?x=1"}},
		{"URL in a map", map[string]any{"base_url": "https://ana:" + pass + "@h/"}, []string{"base_url:https://[REDACTED]@h/"}},
		{"params", map[string]string{"base_url": "https://ana:" + pass + "@h/", "max_tokens": "64"}, []string{"max_tokens:64"}},
		{"private_key", map[string]any{"private_key": key, "credentials": []string{key}}, nil},
		{"embedded", outer{embedded{key}, "n"}, []string{"Name:n"}},
		{"map with int keys", map[int]string{1: tok}, nil},
		{"key with a URL", map[string]int{"https://u:" + pass + "@h": 1}, nil},
		{"LogValuer", map[string]any{"v": valuer{}}, []string{"user:ana"}},
		{"slog.Value", []slog.Value{slog.StringValue(tok)}, nil},
		{"Marshaler", []any{marshaler{}}, []string{"n:1.5"}},
		{"error", map[string]error{"e": errors.New("401 for " + tok)}, []string{"401 for"}},
		{"Stringer", []fmt.Stringer{stringer{"sent " + tok}}, nil},
		{"cycle in a map", self, []string{"[CYCLE]"}},
		{"cycle in a slice", list, []string{"[CYCLE]"}},
		{"deep", deep, []string{"[TOO DEEP]"}},
		{"Userinfo", url.UserPassword("ana", pass), nil},
		{"http.Request", req, []string{"POST", "https://[REDACTED]@llm.local:8080/v1?x=1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, changed := Value(c.v)
			if !changed {
				t.Errorf("got unchanged %v", got)
			}
			out := forms(t, got)
			for _, s := range []string{"eyJhbGciOiJIUzI1NiJ9", key, pass} {
				if strings.Contains(out, s) {
					t.Errorf("shows %q:\n%s", s, out)
				}
			}
			if c.name != "cycle in a slice" && c.name != "deep" && !strings.Contains(out, Marker) {
				t.Errorf("has no %s:\n%s", Marker, out)
			}
			for _, w := range c.want {
				if !strings.Contains(strings.ReplaceAll(out, `"`, ""), w) {
					t.Errorf("lacks %q:\n%s", w, out)
				}
			}
			if again, _ := Value(got); !reflect.DeepEqual(again, got) {
				t.Errorf("not idempotent: %#v, then %#v", got, again)
			}
		})
	}
}

// TestValueKeepsCleanValues: what holds no secret is written as before.
func TestValueKeepsCleanValues(t *testing.T) {
	when := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, c := range []struct {
		name    string
		v       any
		changed bool
		want    string // JSON of the result
	}{
		{"string", "task done", false, `"task done"`},
		{"int", 42, false, `42`},
		{"nil", nil, false, `null`},
		{"error", errors.New("no route to host"), false, `{}`},
		{"named string", maskedString("x"), false, `"x"`},
		{"map", map[string]int64{"echo": 2}, true, `{"echo":2}`},
		{"struct", config{Model: "m", APIKey: ""}, true, `{"APIKey":"","Model":"m","client_secret":""}`},
		{"empty secret", map[string]any{"api_key": "", "token": nil}, true, `{"api_key":"","token":null}`},
		{"time", []time.Time{when}, true, `["2026-01-02T03:04:05Z"]`},
		{"duration", map[string]time.Duration{"d": time.Second}, true, `{"d":1000000000}`},
		{"url", &url.URL{Scheme: "https", Host: "h", Path: "/v1"}, true, `"https://h/v1"`},
		{"bytes", []byte("hello"), true, `"hello"`},
		{"nil map", map[string]int(nil), false, `null`},
		{"func", []any{func() {}}, true, `["func()"]`},
		{"panicking method", []any{panicky{}}, true, `"[[]interface {}: panicked while written]"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, changed := Value(c.v)
			if changed != c.changed {
				t.Errorf("got changed %v, want %v", changed, c.changed)
			}
			j, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			if string(j) != c.want {
				t.Errorf("got %s, want %s", j, c.want)
			}
		})
	}
	// A Stringer that hides its value keeps doing so under fmt.
	if got, _ := Value([]maskedString{"x"}); fmt.Sprint(got) != "[***]" {
		t.Errorf("got %v, want [***]", got)
	}
}

func TestRedactorValueExact(t *testing.T) {
	r := New(key)
	got, _ := r.Value(map[string]any{"note": "uses " + key, key: 1})
	want := map[string]any{"note": "uses " + Marker, Marker: 1}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
}

// FuzzValue builds nested values out of fuzzed keys and text, with a
// credential or a secret key somewhere inside, and checks that neither the
// fmt nor the JSON form of the result shows it, and that Value is
// idempotent.
func FuzzValue(f *testing.F) {
	f.Add("note", "plain", "secret1234567890", uint8(3), uint8(0))
	f.Add("base_url", "https://u:", "p4ss", uint8(1), uint8(5))
	f.Add("", "\xff", "x", uint8(40), uint8(255))
	f.Fuzz(func(t *testing.T, k, text, secret string, depth, shape uint8) {
		tok := tokenSecret(secret)
		forms := credentialForms(tok)
		cred := forms[int(shape)%len(forms)]
		if strings.Contains(k+text, cred.hidden) {
			return
		}
		var v any = map[string]any{k: text + " " + cred.text + " " + text, "api_key": tok, "n": int(depth)}
		for i := range int(depth % 48) {
			switch (int(shape) + i) % 6 {
			case 0:
				v = []any{text, v}
			case 1:
				v = map[string]any{k: v}
			case 2:
				v = &struct {
					Text string
					V    any `json:"v"`
				}{text, v}
			case 3:
				v = []any{[]byte(cred.text + " " + text), v}
			case 4:
				v = map[string]any{"token": tok, text: v}
			case 5:
				v = []fmt.Stringer{stringer{cred.text}}
			}
		}
		got, _ := Value(v)
		var out strings.Builder
		out.WriteString(fmt.Sprint(got))
		if j, err := json.Marshal(got); err != nil {
			t.Fatalf("the result does not marshal: %v", err)
		} else {
			out.Write(j)
		}
		if strings.Contains(out.String(), cred.hidden) {
			t.Fatalf("%#v shows %q: %s", v, cred.hidden, out.String())
		}
		if again, _ := Value(got); !reflect.DeepEqual(again, got) {
			t.Fatalf("not idempotent: %#v, then %#v", got, again)
		}
	})
}

func BenchmarkValueMap(b *testing.B) {
	m := map[string]any{"base_url": "https://api.openai.com/v1", "max_tokens": 64, "headers": map[string]string{"Authorization": tok}}
	b.ReportAllocs()
	for b.Loop() {
		Value(m)
	}
}
