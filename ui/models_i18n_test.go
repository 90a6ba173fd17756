package ui

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"vigia/models"
	"vigia/models/builtin"
)

// sameInSpanish lists the model texts whose Spanish may equal the English:
// names of languages Spanish writes as English does.
var sameInSpanish = []string{"Akan", "Cebuano", "Esperanto", "Hausa", "Hindi", "Igbo", "Ilocano", "Kinyarwanda", "Maithili",
	"Malayalam", "Oriya", "Oromo", "Saraiki", "Shona", "Tamil", "Telugu", "Urdu", "Yoruba"}

// TestModelTextsTranslated: every text a built-in model shows people (its
// description, its parameters' help) has an English and a Spanish entry,
// and the Spanish one is a translation, so that no model speaks English in
// the Spanish window. A new model, or a changed text, fails here until
// both files have it.
func TestModelTextsTranslated(t *testing.T) {
	en, es := translations(t, "en"), translations(t, "es")
	reg := builtin.Registry()
	if len(reg.List()) < 6 {
		t.Fatalf("the registry has only %d models; the scan is broken", len(reg.List()))
	}
	seen := map[string]bool{}
	for _, m := range reg.List() {
		texts := models.Texts(m)
		if texts[0] == "" {
			t.Errorf("%s has no description", m.Name())
		}
		for _, s := range texts {
			if seen[s] {
				continue // a parameter several models share
			}
			seen[s] = true
			if en[s] != s {
				t.Errorf("en.json: %s's text %q has %q, want the text itself", m.Name(), s, en[s])
			}
			switch {
			case es[s] == "":
				t.Errorf("es.json lacks %s's text %q", m.Name(), s)
			case es[s] == s && !slices.Contains(sameInSpanish, s):
				t.Errorf("es.json leaves %s's text %q in English", m.Name(), s)
			}
		}
	}
	if es[loadSample] == "" || es[loadSample] == loadSample {
		t.Errorf("es.json has no Spanish load test sample: got %q", es[loadSample])
	}
	t.Logf("%d model texts, each in English and Spanish", len(seen))
}

func translations(t *testing.T, lang string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "assets", "translations", lang+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s.json: %v", lang, err)
	}
	return m
}

// newBuiltinHarness is newHarness with the models Vigía ships.
func newBuiltinHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessWith(t, DetailsType, builtin.Registry())
}

// TestWorkspaceSpeaksSpanish: in the Spanish window a model's description,
// its parameters' help and what the form says of a bad value are Spanish,
// and an empty load test sends the Spanish sample.
func TestWorkspaceSpeaksSpanish(t *testing.T) {
	t.Setenv("LANGUAGE", "")
	SetupLanguage("es")
	t.Cleanup(func() { SetupLanguage("en") })
	h := newBuiltinHarness(t)
	w := h.open(t)

	w.work.model.SetSelected("sentiment")
	if want := "Puntúa lo positivo o negativo que es un texto con la lista de palabras AFINN y nombra las palabras que más pesaron en la puntuación. Un texto en inglés al que AFINN da 0 se inclina según la lista más amplia de VADER y, después, según el Opinion Lexicon y SentiWordNet."; w.work.desc.Text != want {
		t.Errorf("got the description %q, want %q", w.work.desc.Text, want)
	}
	if labels := paramLabels(w.work); !slices.Contains(labels, "Idioma de las listas de palabras: auto deduce inglés o español a partir del texto.") {
		t.Errorf("the lang parameter's help is not Spanish: labels %q", labels)
	}

	w.work.model.SetSelected("chaos")
	if !strings.HasPrefix(w.work.desc.Text, "Simulador: ") {
		t.Errorf("got chaos's description %q", w.work.desc.Text)
	}
	var latency *widget.Entry
	for _, o := range test.LaidOutObjects(w.work.params) {
		if e, ok := o.(*widget.Entry); ok && latency == nil {
			latency = e // the first parameter
		}
	}
	if latency == nil {
		t.Fatal("no entry for latency")
	}
	for _, c := range []struct{ typed, want string }{
		{"soon", `latency="soon" no es una duración como 250ms o 2s`},
		{"2m", "latency=2m debe estar entre 0 y 60 segundos"},
		{"2s", ""},
	} {
		test.Type(latency, c.typed)
		got := ""
		if err := latency.Validate(); err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("latency=%s: the form says %q, want %q", c.typed, got, c.want)
		}
		latency.SetText("")
	}

	if got := w.load.input.PlaceHolder; !strings.HasPrefix(got, "Vigilar una aplicación es saber") {
		t.Errorf("the load test's sample is %q, want the Spanish one", got)
	}
}

// paramLabels returns the texts of the labels of the parameter form.
func paramLabels(ws *workspace) []string {
	var out []string
	for _, o := range test.LaidOutObjects(ws.params) {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	}
	return out
}

// TestParamMessageEnglish: in English the form says what Parse says,
// without its "invalid parameter: " prefix, for every problem.
func TestParamMessageEnglish(t *testing.T) {
	ps := []struct {
		p models.Param
		s string
	}{
		{models.Param{Name: "n", Kind: models.Int, Min: 1, Max: 3}, "x"},
		{models.Param{Name: "n", Kind: models.Int, Min: 1, Max: 3}, "9"},
		{models.Param{Name: "f", Kind: models.Float}, "NaN"},
		{models.Param{Name: "b", Kind: models.Bool}, "maybe"},
		{models.Param{Name: "d", Kind: models.Duration, Max: 60}, "1"},
		{models.Param{Name: "d", Kind: models.Duration, Max: 60}, "2m"},
		{models.Param{Name: "c", Kind: models.Choice, Choices: []string{"a", "b"}}, "z"},
	}
	for _, c := range ps {
		_, err := c.p.Parse(c.s)
		if err == nil {
			t.Fatalf("%s=%s parsed", c.p.Name, c.s)
		}
		want := strings.TrimPrefix(err.Error(), models.ErrParam.Error()+": ")
		if got := paramMessage(err); got == nil || got.Error() != want {
			t.Errorf("%s=%s: got %v, want %q", c.p.Name, c.s, got, want)
		}
	}
	if paramMessage(nil) != nil {
		t.Error("paramMessage(nil) is not nil")
	}
}

// TestResultsSpeakSpanish: in the Spanish window a local model's result
// is written in Spanish, its figures by Spanish conventions; the English
// window shows the result as the CLI writes it.
func TestResultsSpeakSpanish(t *testing.T) {
	cases := []struct {
		model, input string
		es           string // the Spanish window's result
	}{
		{"sentiment", "I love this, it is great!", "positivo: puntuación +6, +1,000 por palabra (great +3, love +3)"},
		{"sentiment", "I don't like the ending", "negativo: puntuación -2, -0,400 por palabra (like (negada) -2)"},
		{"language", "El gato duerme tranquilo en la casa de su abuela mientras llueve fuera.", "Español (es), escritura latina, confianza "},
		{"language", "1234 5678 !!!", "idioma desconocido (sin letras)"},
		{"keywords", "the of and", "ninguna frase clave"},
	}
	run := func(t *testing.T, model, input string) (string, models.Result) {
		t.Helper()
		h := newBuiltinHarness(t)
		w := h.open(t)
		w.work.model.SetSelected(model)
		test.Type(w.work.input, input)
		test.Tap(w.work.run)
		h.wait(t)
		m, _ := builtin.Registry().Get(model)
		res, err := m.Run(context.Background(), models.Input{Text: input})
		if err != nil {
			t.Fatal(err)
		}
		return w.work.result.Text, res
	}
	t.Run("es", func(t *testing.T) {
		t.Setenv("LANGUAGE", "")
		SetupLanguage("es")
		t.Cleanup(func() { SetupLanguage("en") })
		for _, c := range cases {
			got, res := run(t, c.model, c.input)
			if !strings.HasPrefix(got, c.es) || got == res.Text {
				t.Errorf("%s of %q shows %q, want Spanish: %q… (English: %q)", c.model, c.input, got, c.es, res.Text)
			}
		}
	})
	t.Run("en", func(t *testing.T) {
		for _, c := range cases {
			if got, res := run(t, c.model, c.input); got != res.Text {
				t.Errorf("%s of %q shows %q, want the CLI's text %q", c.model, c.input, got, res.Text)
			}
		}
	})
}
