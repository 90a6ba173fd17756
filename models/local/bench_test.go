package local

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"vigia/models"
)

// benchWords is the vocabulary of synthText: content words, stop words and
// lexicon words of both languages, so every model finds work to do.
var benchWords = strings.Fields(`the of and to in is that it was for on are with as
his they be at one have this from or had by hot word but what some we can out other
were all there when up use your how said an each she which do their time if will way
about many then them write would like so these her long make thing see him two has
look more day could go come did number sound no most people my over know water than
call first who may down side been now find great love terrible battery storage solar
panel energy price market city council river drought harvest government plan expert
el la de que y en los se del las un por con no una su para es al lo como más pero sus
le ya o fue este ha sí porque esta son entre cuando muy sin sobre ser tiene también
me hasta hay donde han quien están estado desde todo nos durante estados todos uno les
ni contra otros fueron ese eso había ante ellos e esto mí antes algunos qué unos yo
otro otras otra él tanto esa estos mucho quienes nada muchos cual sea poco ella estar
gobierno sequía ayudas agricultores embalses precio alimentos bueno malo excelente
horrible feliz triste problema éxito fracaso cosecha lluvia verano invierno`)

// synthText returns about n bytes of sentences of random benchWords, the
// same for the same seed.
func synthText(n int, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var b strings.Builder
	b.Grow(n + 200)
	for b.Len() < n {
		words := 6 + rng.IntN(20)
		for i := range words {
			w := benchWords[rng.IntN(len(benchWords))]
			if i == 0 {
				r, size := utf8.DecodeRuneInString(w)
				w = string(unicode.ToUpper(r)) + w[size:]
			} else {
				b.WriteByte(' ')
			}
			b.WriteString(w)
			if i < words-1 && rng.IntN(8) == 0 {
				b.WriteByte(',')
			}
		}
		switch rng.IntN(10) {
		case 0:
			b.WriteString("? ")
		case 1:
			b.WriteString("!\n\n")
		default:
			b.WriteString(". ")
		}
	}
	return b.String()
}

func benchModel(b *testing.B, m models.Model, size int, raw map[string]string) {
	text := synthText(size, 1)
	p, err := models.ParseParams(m, raw)
	if err != nil {
		b.Fatal(err)
	}
	in := models.Input{Text: text, Params: p}
	ctx := context.Background()
	if _, err := m.Run(ctx, in); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Run(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSentiment100KB(b *testing.B) { benchModel(b, NewSentiment(), 100<<10, nil) }
func BenchmarkSentiment100KBES(b *testing.B) {
	benchModel(b, NewSentiment(), 100<<10, map[string]string{"lang": "es"})
}

// BenchmarkSentimentUnknown100KB scores 100 KB of random words of 6 to 15
// letters, none in the dictionary or the lexicons: the worst case of the
// spelling check, which looks each one up (speller.correct).
func BenchmarkSentimentUnknown100KB(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	var t strings.Builder
	for t.Len() < 100<<10 {
		for range 6 + rng.IntN(10) {
			t.WriteByte(byte('a' + rng.IntN(26)))
		}
		t.WriteByte(' ')
	}
	in := models.Input{Text: t.String(), Params: models.Values{"lang": "en"}}
	m := NewSentiment()
	ctx := context.Background()
	b.SetBytes(int64(t.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Run(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkKeywords100KB(b *testing.B)  { benchModel(b, NewKeywords(), 100<<10, nil) }
func BenchmarkSummarize100KB(b *testing.B) { benchModel(b, NewSummarize(), 100<<10, nil) }
func BenchmarkLanguage100KB(b *testing.B)  { benchModel(b, NewLanguage(), 100<<10, nil) }

// BenchmarkSummarizeTextRank runs TextRank on the largest graph it builds:
// TextRankMaxSentences sentences.
func BenchmarkSummarizeTextRank(b *testing.B) {
	text := synthText(TextRankMaxSentences*90, 2)
	if n := len(splitSentences(text)); n > TextRankMaxSentences {
		text = text[:len(text)*TextRankMaxSentences/n]
	}
	m := NewSummarize()
	p, _ := models.ParseParams(m, nil)
	in := models.Input{Text: text, Params: p}
	res, err := m.Run(context.Background(), in)
	if err != nil {
		b.Fatal(err)
	}
	if got := res.Data.(*SummaryResult).Method; got != MethodTextRank {
		b.Fatalf("method = %s, want %s", got, MethodTextRank)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Run(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTokenize100KB(b *testing.B) {
	text := synthText(100<<10, 1)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		tokenize(text)
	}
}

func BenchmarkSplitSentences100KB(b *testing.B) {
	text := synthText(100<<10, 1)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		splitSentences(text)
	}
}

// BenchmarkAll1MB runs each model on the largest input the engine accepts.
func BenchmarkAll1MB(b *testing.B) {
	for _, m := range All() {
		b.Run(m.Name(), func(b *testing.B) { benchModel(b, m, models.DefaultMaxInput-200, nil) })
	}
}
