// Package local holds the models that do real work on text without a
// network: sentiment (AFINN lexicon and emoji scoring, with the negation
// rules written out on Sentiment, and VADER's lexicon, the Opinion Lexicon
// and SentiWordNet for the label of an English text AFINN scores 0),
// keywords (RAKE key phrases, ranked
// for variety so that no one word fills the list), summarize (extractive
// summary by TextRank, or by word frequency on long texts, leaving out
// cross-references and attributions) and language (a letter model of
// English, Spanish, German, French, Italian and Portuguese, with
// whatlanggo for the other languages, voted over 1 KB windows so that long
// texts stay right). English and Spanish are supported where a model needs
// word lists; the lists ship inside the binary through package assets.
//
// Every model is deterministic, safe for concurrent use, honours its
// context between phases and runs in time linear in its input (the one
// quadratic step, TextRank's sentence graph, is bounded by
// TextRankMaxSentences), so inputs up to models.DefaultMaxInput are fine.
package local
