package models

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

type fake struct{ params []Param }

func (fake) Name() string                               { return "fake" }
func (fake) Description() string                        { return "A fake." }
func (f fake) Params() []Param                          { return f.params }
func (fake) Cacheable(Values) bool                      { return true }
func (fake) Run(context.Context, Input) (Result, error) { return Result{}, nil }

func TestValidateInput(t *testing.T) {
	cases := []struct {
		in   string
		max  int
		want error
		msg  string
	}{
		{"hola", 0, nil, ""},
		{"ünïcödé ✓ 😀", 0, nil, ""},
		{"", 0, ErrEmptyInput, "input is empty"},
		{" \n\t ", 0, ErrEmptyInput, "input is empty"},
		{"abcdef", 5, ErrInputTooLarge, "6 bytes, the limit is 5"},
		{strings.Repeat("a", DefaultMaxInput+1), 0, ErrInputTooLarge, "the limit is 1048576"},
		{"ok \xc3\x28 bad", 0, ErrInvalidUTF8, "bad byte 0xc3 at offset 3"},
		{"a\x00b", 0, ErrNULByte, "at offset 1"},
	}
	for _, c := range cases {
		err := ValidateInput(c.in, c.max)
		if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
			t.Errorf("ValidateInput(%.20q) = %v, want %v", c.in, err, c.want)
			continue
		}
		if err != nil && !strings.Contains(err.Error(), c.msg) {
			t.Errorf("ValidateInput(%.20q) = %q, want it to say %q", c.in, err, c.msg)
		}
	}
}

func TestParseParams(t *testing.T) {
	m := fake{params: []Param{
		{Name: "n", Kind: Int, Default: "3", Min: 1, Max: 10},
		{Name: "rate", Kind: Float, Default: "0.5", Min: 0, Max: 1},
		{Name: "on", Kind: Bool, Default: "false"},
		{Name: "wait", Kind: Duration, Default: "1s", Min: 0, Max: 60},
		{Name: "lang", Kind: Choice, Default: "auto", Choices: []string{"auto", "en", "es"}},
		{Name: "name", Kind: String, Default: ""},
	}}
	v, err := ParseParams(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v.Int("n") != 3 || v.Float("rate") != 0.5 || v.Bool("on") || v.Duration("wait") != time.Second || v.String("lang") != "auto" {
		t.Errorf("defaults got %v", v)
	}
	if got, want := v.Key(), "lang=auto&n=3&name=&on=false&rate=0.5&wait=1s"; got != want {
		t.Errorf("Key got %q, want %q", got, want)
	}
	v, err = ParseParams(m, map[string]string{"n": "7", "on": "true", "wait": "250ms", "lang": "es", "name": "x y"})
	if err != nil || v.Int("n") != 7 || !v.Bool("on") || v.Duration("wait") != 250*time.Millisecond || v.String("name") != "x y" {
		t.Errorf("got %v, %v", v, err)
	}
	bad := []struct {
		raw  map[string]string
		want string
	}{
		{map[string]string{"n": "0"}, "n=0 must be between 1 and 10"},
		{map[string]string{"n": "x"}, `n="x" is not a whole number`},
		{map[string]string{"rate": "1.5"}, "rate=1.5 must be between 0 and 1"},
		{map[string]string{"rate": "NaN"}, `rate="NaN" is not a number`},
		{map[string]string{"on": "maybe"}, "is not true or false"},
		{map[string]string{"wait": "2h"}, "wait=2h must be between 0 and 60 seconds"},
		{map[string]string{"wait": "soon"}, "is not a duration"},
		{map[string]string{"lang": "fr"}, `lang="fr" is not one of auto, en, es`},
		{map[string]string{"colour": "red"}, `model fake has no parameter "colour" (parameters: n, rate, on, wait, lang, name)`},
	}
	for _, c := range bad {
		_, err := ParseParams(m, c.raw)
		if !errors.Is(err, ErrParam) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseParams(%v) = %v, want ErrParam with %q", c.raw, err, c.want)
		}
	}
}

func TestRegistry(t *testing.T) {
	r := NewRegistry(fake{})
	if _, ok := r.Get("fake"); !ok {
		t.Fatal("Get(fake) found nothing")
	}
	if _, err := r.Lookup("nope"); !errors.Is(err, ErrUnknownModel) || !strings.Contains(err.Error(), "(models: fake)") {
		t.Errorf("Lookup(nope) = %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("adding a duplicate did not panic")
		}
	}()
	r.Add(fake{})
}

func TestTexts(t *testing.T) {
	shared := Param{Name: "lang", Kind: Choice, Default: "auto", Choices: []string{"auto", "en"}, Help: "Language."}
	m := fake{params: []Param{
		{Name: "n", Kind: Int, Default: "1", Help: "How many."},
		shared,
		{Name: "quiet", Kind: Bool, Default: "false"}, // no help: nothing to translate
		shared,
	}}
	got := Texts(m)
	want := []string{"A fake.", "How many.", "Language."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Texts = %q, want %q", got, want)
	}
}
