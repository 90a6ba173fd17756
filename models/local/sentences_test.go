package local

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Hello world", []string{"Hello world"}},
		{"Dr. Smith arrived. He sat down.", []string{"Dr. Smith arrived.", "He sat down."}},
		{"It costs 3.50 euros today. Really.", []string{"It costs 3.50 euros today.", "Really."}},
		{"See e.g. the appendix. Then stop.", []string{"See e.g. the appendix.", "Then stop."}},
		{"J. R. R. Tolkien wrote it. Yes.", []string{"J. R. R. Tolkien wrote it.", "Yes."}},
		{"Mr. and Mrs. Jones met Prof. Lee at 10 a.m. today.", []string{"Mr. and Mrs. Jones met Prof. Lee at 10 a.m. today."}},
		{"Apples, pears, etc. The end.", []string{"Apples, pears, etc.", "The end."}},
		{"Wait... What? No!", []string{"Wait...", "What?", "No!"}},
		{`He said "Stop." Then he left.`, []string{`He said "Stop."`, "Then he left."}},
		{"I saw it. then I left.", []string{"I saw it. then I left."}},
		{"See fig. 3 and No. 5 here.", []string{"See fig. 3 and No. 5 here."}},
		{"It was me and I. Then we left.", []string{"It was me and I.", "Then we left."}},
		// Spanish.
		{"¿Vienes? ¡Claro! Vale.", []string{"¿Vienes?", "¡Claro!", "Vale."}},
		{"La Sra. Pérez llegó. Se sentó.", []string{"La Sra. Pérez llegó.", "Se sentó."}},
		{"Dije que no. Luego me fui.", []string{"Dije que no.", "Luego me fui."}},
		{"Ver pág. 12 del informe.", []string{"Ver pág. 12 del informe."}},
		{"«Llega tarde», dijo. ¿Por qué?", []string{"«Llega tarde», dijo.", "¿Por qué?"}},
		// Layout.
		{"A title without a period\n\nThe body starts here.", []string{"A title without a period", "The body starts here."}},
		{"one line\nstill the same sentence.", []string{"one line\nstill the same sentence."}},
		{"Steps:\n1. Open the lid\n2. Pour the water\n- Done", []string{"Steps:", "1. Open the lid", "2. Pour the water", "- Done"}},
		{"今日は晴れ。明日は雨。", []string{"今日は晴れ。", "明日は雨。"}},
		// A line the writer broke, without a full stop, above a capital.
		{"Vigía\nRuns text models on your desktop without a network.", []string{"Vigía", "Runs text models on your desktop without a network."}},
		{"gzip - GNU compression utility\nThis package provides the standard GNU compression tools.", []string{"gzip - GNU compression utility", "This package provides the standard GNU compression tools."}},
		{"Introducción\nEste documento describe el programa.", []string{"Introducción", "Este documento describe el programa."}},
		{"Features\nFast startup and small binaries on every platform.", []string{"Features", "Fast startup and small binaries on every platform."}},
		// Wrapped prose stays one sentence: the next word did not fit, the
		// line ends in a word that ends nothing, in a comma, or goes on in
		// lower case or in brackets.
		{"It is released under the terms of the GNU General Public\nLicense, version 3.", []string{"It is released under the terms of the GNU General Public\nLicense, version 3."}},
		{"Published by the\nFree Software Foundation in Boston.", []string{"Published by the\nFree Software Foundation in Boston."}},
		{"Apples, pears,\nOranges and plums are on the list.", []string{"Apples, pears,\nOranges and plums are on the list."}},
		{"It stops at the first space\n(or newline) of the input.", []string{"It stops at the first space\n(or newline) of the input."}},
		{"Publicado por la\nFundación del Software Libre en Boston.", []string{"Publicado por la\nFundación del Software Libre en Boston."}},
		// Attributions stand apart, on their own line or at the end of one.
		{"Life is short.\n\t\t-- Arthur Schopenhauer", []string{"Life is short.", "-- Arthur Schopenhauer"}},
		{"Imagination is more important than knowledge\n    -- Albert Einstein, 1929", []string{"Imagination is more important than knowledge", "-- Albert Einstein, 1929"}},
		{"Brevity is the soul of wit -- William Shakespeare", []string{"Brevity is the soul of wit", "-- William Shakespeare"}},
		{"La vida es sueño — Calderón de la Barca", []string{"La vida es sueño", "— Calderón de la Barca"}},
		{"He left — nobody knew why.", []string{"He left — nobody knew why."}},
		// Nothing but punctuation is no sentence; an emoji is.
		{"!!! ???", nil},
		{"... 🎉", []string{"... 🎉"}},
		{"  \n\n  ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var got []string
			for _, s := range splitSentences(tt.text) {
				if tt.text[s.start:s.end] != s.text {
					t.Errorf("sentence %q has offsets [%d:%d] holding %q", s.text, s.start, s.end, tt.text[s.start:s.end])
				}
				got = append(got, s.text)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSplitSentencesKnownTexts(t *testing.T) {
	tests := []struct {
		name string
		text string
		want int
	}{
		{"solar en", solarEN, 9},
		{"drought es", droughtES, 8},
	}
	for _, tt := range tests {
		if got := len(splitSentences(tt.text)); got != tt.want {
			t.Errorf("%s: got %d sentences, want %d", tt.name, got, tt.want)
		}
	}
}

func TestIsCrossReference(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"See Section 5.1 for details.", true},
		{"See also the next chapter.", true},
		{"(See also the section on handling panics.)", true},
		{"See § 3.", true},
		{"See 5.1.", true},
		{"See ls(1).", true},
		{"See [Printf].", true},
		{"See the manual for more details.", true},
		{"Refer to page 12.", true},
		{"Cf. chapter 2.", true},
		{"For more information, see https://go.dev/doc.", true},
		{"For details, see the linked section.", true},
		{"For operations on constants only, see the section on constant expressions.", true},
		{"If not, see <https://www.gnu.org/licenses/>.", true},
		{"Véase el capítulo 3.", true},
		{"Véase también la sección 2.", true},
		{"Ver pág. 12 del informe.", true},
		{"Consulte la sección 4.2 para más detalles.", true},
		{"Para más información, consulte https://example.org.", true},
		{"Más información en www.example.org.", true},
		// A pointer is not the main content of these.
		{"See how the light falls on the lake.", false},
		{"I see the section is empty.", false},
		{"For example, the sections of an orange come apart easily.", false},
		{"The licence grants rights (see Section 2) to everyone.", false},
		{"Seeds grow in spring.", false},
		{"Ver a mi madre me alegra.", false},
		{"Verónica llegó tarde a la sección.", false},
		{"For more than a decade prices fell.", false},
	}
	for _, tt := range tests {
		if got := isCrossReference(tt.s); got != tt.want {
			t.Errorf("isCrossReference(%q): got %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestIsAttribution(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{`-- Arthur Schopenhauer, "Parerga and Paralipomena"`, true},
		{"— Jorge Luis Borges", true},
		{"―Miguel de Cervantes, Don Quijote (1605)", true},
		{"~ Mark Twain", true},
		{"--Voltaire", true},
		{"-- J. R. R. Tolkien", true},
		{"-- Martin Luther King Jr.", true},
		// Dialogue, list items, options and prose are not.
		{"—¿Vienes?", false},
		{"—Sí.", false},
		{"—Sí —dijo Juan.", false},
		{"— nobody knew why", false},
		{"-- Arthur said hello", false},
		{"- Mark Twain", false},
		{"--verbose prints more", false},
		{"~/bin/run", false},
		{"Arthur Schopenhauer", false},
		{"--", false},
	}
	for _, tt := range tests {
		if got := isAttribution(tt.s); got != tt.want {
			t.Errorf("isAttribution(%q): got %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestWithoutPointers(t *testing.T) {
	tests := []struct{ s, want string }{
		{"It grants rights (see Section 2) to all.", "It grants rights  to all."},
		{"Otorga derechos (véase el capítulo 3) a todos.", "Otorga derechos  a todos."},
		{"It grants rights (and duties) to all.", "It grants rights (and duties) to all."},
		{"Unclosed (see Section 2", "Unclosed (see Section 2"},
	}
	for _, tt := range tests {
		if got := withoutPointers(tt.s); got != tt.want {
			t.Errorf("withoutPointers(%q): got %q, want %q", tt.s, got, tt.want)
		}
	}
}

// TestSplitSentencesLongDocuments checks the line-break rule on long
// real documents, most of them wrapped prose: the only sentences cut at
// a single line break without punctuation are the listed ones, so no
// wrapped sentence was broken.
func TestSplitSentencesLongDocuments(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"apache-2.0.txt", []string{"Apache License"}},
		{"gpl-3.txt", nil},
		{"go-memory-model.txt", nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			text := readDoc(t, tt.file)
			sents := splitSentences(text)
			var got []string
			for i, s := range sents[:len(sents)-1] {
				last, _ := utf8.DecodeLastRuneInString(s.text)
				if strings.Count(text[s.end:sents[i+1].start], "\n") == 1 && (unicode.IsLetter(last) || unicode.IsDigit(last)) &&
					!isListItem(sents[i+1].text) {
					got = append(got, s.text)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got sentences cut at a line break %q, want %q", got, tt.want)
			}
		})
	}
}
