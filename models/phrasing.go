package models

import "strconv"

// Phrasing writes a result's text in a person's language: a user
// interface gives its own (its translations, its number conventions) to a
// result's Data that implements Phrased. English is the one Result.Text is
// written with.
type Phrasing interface {
	// T returns phrase in the language. phrase is English, one of the
	// phrases the result's model lists (Phraser), and a key of the UI's
	// translations, as Texts' are.
	T(phrase string) string
	// Decimal writes v with digits decimals; Signed also puts a sign
	// before a positive number.
	Decimal(v float64, digits int) string
	Signed(v float64, digits int) string
}

// Phrased is implemented by a result's Data that can write its text with
// a Phrasing. Result.Text is TextIn(English).
type Phrased interface {
	TextIn(p Phrasing) string
}

// Phraser is implemented by a model whose results are Phrased: Phrases
// lists every phrase they may pass to Phrasing.T, for a UI's translations
// (Texts includes them).
type Phraser interface {
	Phrases() []string
}

// English is the Phrasing of Result.Text and of the CLI: phrases as they
// are, figures as Go writes them.
var English Phrasing = english{}

type english struct{}

func (english) T(phrase string) string { return phrase }

func (english) Decimal(v float64, digits int) string {
	return strconv.FormatFloat(v, 'f', digits, 64)
}

func (english) Signed(v float64, digits int) string {
	s := strconv.FormatFloat(v, 'f', digits, 64)
	if v >= 0 && s[0] != '-' {
		s = "+" + s
	}
	return s
}

// TextIn is r's text written with p when its Data is Phrased, r.Text
// otherwise.
func TextIn(r Result, p Phrasing) string {
	if ph, ok := r.Data.(Phrased); ok {
		return ph.TextIn(p)
	}
	return r.Text
}
