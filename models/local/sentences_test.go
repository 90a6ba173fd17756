package local

import (
	"slices"
	"testing"
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
