package models_test

import (
	"testing"

	"vigia/models"
)

// shouting is a Phrasing that marks its phrases and figures, to tell
// where each part of a text came from.
type shouting struct{}

func (shouting) T(p string) string                    { return "<" + p + ">" }
func (shouting) Decimal(v float64, digits int) string { return "D" + models.English.Decimal(v, digits) }
func (shouting) Signed(v float64, digits int) string  { return "S" + models.English.Signed(v, digits) }

type phrasedData struct{ n float64 }

func (d phrasedData) TextIn(p models.Phrasing) string {
	return p.T("value") + " " + p.Signed(d.n, 1) + " " + p.Decimal(d.n, 0)
}

func TestEnglishPhrasing(t *testing.T) {
	for _, c := range []struct {
		v      float64
		digits int
		dec    string
		signed string
	}{
		{3, 0, "3", "+3"},
		{-2, 0, "-2", "-2"},
		{0, 3, "0.000", "+0.000"},
		{0.4, 3, "0.400", "+0.400"},
		{-0.4, 3, "-0.400", "-0.400"},
		{1234.5, 1, "1234.5", "+1234.5"},
	} {
		if got := models.English.Decimal(c.v, c.digits); got != c.dec {
			t.Errorf("Decimal(%v, %d) = %q, want %q", c.v, c.digits, got, c.dec)
		}
		if got := models.English.Signed(c.v, c.digits); got != c.signed {
			t.Errorf("Signed(%v, %d) = %q, want %q", c.v, c.digits, got, c.signed)
		}
	}
	if got := models.English.T("positive"); got != "positive" {
		t.Errorf("T = %q, want the phrase itself", got)
	}
}

func TestTextIn(t *testing.T) {
	r := models.Result{Text: "value +2.0 2", Data: phrasedData{2}}
	if got := models.TextIn(r, shouting{}); got != "<value> S+2.0 D2" {
		t.Errorf("TextIn of a Phrased result = %q", got)
	}
	if got := models.TextIn(r, models.English); got != r.Text {
		t.Errorf("TextIn with English = %q, want Text %q", got, r.Text)
	}
	plain := models.Result{Text: "as it is", Data: map[string]int{"a": 1}}
	if got := models.TextIn(plain, shouting{}); got != "as it is" {
		t.Errorf("TextIn of a result that is not Phrased = %q, want its Text", got)
	}
}
