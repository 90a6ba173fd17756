package assets

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

func TestEmojiSentiment(t *testing.T) {
	var m map[string]int
	if err := json.Unmarshal(EmojiSentiment, &m); err != nil {
		t.Fatalf("parsing emoji-sentiment.json: %v", err)
	}
	if len(m) != 767 {
		t.Errorf("got %d entries, want 767", len(m))
	}
	for k, v := range m {
		if utf8.RuneCountInString(k) != 1 || v < -5 || v > 5 || v == 0 {
			t.Errorf("got entry %q: %d, want one code point scored -5…-1 or 1…5", k, v)
		}
	}
}
