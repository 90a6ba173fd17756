package assets

import _ "embed"

// LangProfiles holds the letter n-gram profiles of the language model for
// English, Spanish, German, French, Italian and Portuguese, gzipped text:
// a comment line, then lines "lang n ngram cost", n from 1 to 4, cost
// being -10 ln of the probability of the n-gram's last letter given the
// letters before it, in that language. They are the most frequent n-grams
// of lingua-go 1.4.0's language models (Apache-2.0,
// see LICENSE-lingua-go), which bench/cmd/langbench -profiles extracts.
//
//go:embed langprofiles.txt.gz
var LangProfiles []byte
