package local

import (
	"encoding/json"
	"fmt"
	"sync"
	"unicode/utf8"

	"vigia/assets"
)

// emojiScores maps an emoji to its score in the Emoji Sentiment Ranking
// (assets.EmojiSentiment).
var emojiScores = sync.OnceValues(func() (map[rune]int, error) {
	var raw map[string]int
	if err := json.Unmarshal(assets.EmojiSentiment, &raw); err != nil {
		return nil, fmt.Errorf("parsing emoji scores: %w", err)
	}
	m := make(map[rune]int, len(raw))
	for k, v := range raw {
		if r, size := utf8.DecodeRuneInString(k); size == len(k) && r != utf8.RuneError {
			m[r] = v
		}
	}
	return m, nil
})

// scoreEmoji adds the emoji of text to t, never negated, and returns how
// many it scored. Emoji are not words, so it reads text itself; ASCII
// text costs one pass over its bytes. A skin tone or variation selector
// after an emoji does not change its score.
func scoreEmoji(text string, t *tally) int {
	scores, err := emojiScores()
	if err != nil {
		return 0 // the embedded table is checked by the tests
	}
	n := 0
	for i := 0; i < len(text); {
		if text[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if v, ok := scores[r]; ok {
			t.add(string(r), v, false, v)
			n++
		}
	}
	return n
}
