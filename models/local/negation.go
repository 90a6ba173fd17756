package local

import "strings"

// The negation rules of Sentiment, written out in its doc comment. Each
// word list below holds words as tokenize returns them.

// negationScope is how many words after a negator its scope reaches.
const negationScope = 3

// negators start a negation scope.
var negators = map[string]bool{
	"not": true, "no": true, "non": true, "never": true, "none": true, "nobody": true,
	"nothing": true, "neither": true, "nor": true, "cannot": true, "without": true,
	"dont": true, "doesnt": true, "didnt": true, "isnt": true, "arent": true, "wasnt": true,
	"werent": true, "cant": true, "couldnt": true, "wouldnt": true, "shouldnt": true,
	"wont": true, "havent": true, "hasnt": true, "hadnt": true, "aint": true,
	"nunca": true, "jamás": true, "jamas": true, "ni": true, "nada": true, "nadie": true,
	"ningún": true, "ninguno": true, "ninguna": true, "tampoco": true, "sin": true,
}

func isNegator(w string) bool {
	return negators[w] || strings.HasSuffix(w, "n't")
}

// scopeEnders end a negation scope: contrastive words, after which the
// sentence turns ("not cheap but good", "nothing but praise"), and the
// words that open a subordinate clause, which the negation of the main
// clause does not reach ("can't believe how rude"). "that" is not one:
// "not that bad" negates "bad". "sin embargo" (however) opens a scope
// with "sin" that "embargo" closes at once.
var scopeEnders = map[string]bool{
	"but": true, "however": true, "although": true, "though": true, "except": true,
	"whereas": true, "instead": true, "how": true, "what": true, "who": true,
	"whom": true, "whose": true, "which": true, "when": true, "where": true, "why": true,
	"whether": true, "because": true, "if": true, "unless": true, "until": true,
	"while": true,
	"pero":  true, "sino": true, "aunque": true, "embargo": true, "excepto": true,
	"salvo": true, "cómo": true, "qué": true, "quién": true, "cuándo": true,
	"dónde": true, "porque": true, "mientras": true,
}

// absoluteNegators say that something cannot or never happened; before a
// comparative or a degree word they make a superlative of it: "couldn't
// be worse" is as bad as can be, "never been so impressed" as impressed
// as ever. "not" joins them after "can" or "could" ("could not be
// better").
var absoluteNegators = map[string]bool{
	"never": true, "cannot": true, "cant": true, "can't": true, "couldnt": true,
	"couldn't": true, "nunca": true, "jamás": true, "jamas": true,
}

// degreeWords make a superlative of an absolute negation that reaches
// them: comparatives and the words that grade an adjective.
var degreeWords = map[string]bool{
	"so": true, "such": true, "more": true, "less": true, "any": true, "as": true,
	"better": true, "worse": true,
	"tan": true, "más": true, "mejor": true, "peor": true, "menos": true,
}

// stopVerbs after a negator, when a word in -ing follows them, make a
// double negative: "can't stop smiling" is smiling, "couldn't help
// laughing" is laughing. The verb does not score and the negation ends.
var stopVerbs = map[string]bool{"stop": true, "help": true, "quit": true, "resist": true}

// negation is the state of the negation scope open while scoring.
type negation struct {
	at      int    // index of the negator's token, -1 when no scope is open
	word    string // the negator
	own     int    // the negator's own valence, noEntry for none
	flipped bool   // the scope has flipped a listed word
	// flippedUnlisted: the scope has flipped only a word AFINN lacks
	// (matcher.unlisted), which the score does not know.
	flippedUnlisted bool
	// raised: the negation is of the clause, not of the three words
	// after the negator (raisers, "none of"); the scope runs to its end.
	raised bool
}

// raisers are the neg-raising verbs: a negation before one of them
// negates the clause that follows it, which is what is meant ("I don't
// think it is worth it" says "I think it is not worth it"), so the
// scope runs past the three words to the end of the clause: the next
// punctuation, contrastive word or subordinate clause (scopeEnders).
// English only; the negator may be one word away ("didn't really
// think"). "expect", though a neg-raiser too, is not one here: "I didn't
// expect it to be this good" is surprise, not "I expected it not good".
var raisers = map[string]bool{
	"think": true, "thought": true, "believe": true, "suppose": true, "imagine": true,
	"seem": true, "seems": true, "feel": true,
}

// ofNegators before "of" negate what is said of a group ("none of the
// tones is acceptable", "neither of them works"): the scope runs to the
// end of the clause, past the group's name.
var ofNegators = map[string]bool{"none": true, "neither": true}

// raisedBy reports whether toks[i], English, makes the open scope's
// negation one of the clause: a neg-raising verb (raisers) right after
// the negator or one word later, or "of" right after "none" or
// "neither".
func (n *negation) raisedBy(toks []token, i int) bool {
	w := toks[i].word
	return i <= n.at+2 && raisers[w] || i == n.at+1 && w == "of" && ofNegators[n.word]
}

// isAbsolute reports whether the open scope's negator is absolute; prev
// is the word before it.
func (n *negation) isAbsolute(prev string) bool {
	return absoluteNegators[n.word] || n.word == "not" && (prev == "can" || prev == "could")
}

// contrastWords turn a sentence: what follows weighs more than what came
// before ("worked great, but it broke").
var contrastWords = map[string]bool{"but": true, "however": true, "pero": true}

// onlyBefore are the words after which "but" means "only" or "except":
// "nothing but praise", "all but useless".
var onlyBefore = map[string]bool{"nothing": true, "anything": true, "all": true, "everything": true, "nada": true, "todo": true}

// Three more rules read an English word otherwise than AFINN scores it. The
// score keeps AFINN's value; the valence, which the label follows, takes
// the rule's.

// likeSubjects are the words after which "like" is the verb: a pronoun
// or other subject, an auxiliary or modal, "to", an adverb (with any word
// in -ly, a negator and a contraction: "I'd", "don't"). After anything
// else "like" is the preposition and says nothing of liking: "creaks like
// an old floor", "takes forever to charge, like 5 hours".
var likeSubjects = map[string]bool{
	"i": true, "you": true, "we": true, "they": true, "he": true, "she": true, "who": true,
	"u": true, "people": true, "everyone": true, "everybody": true, "anyone": true,
	"anybody": true, "kids": true, "just": true, "also": true, "still": true,
	"always": true, "even": true, "too": true, "do": true, "does": true, "did": true,
	"will": true, "would": true, "to": true, "might": true, "may": true, "can": true,
	"could": true, "should": true, "must": true, "and": true,
}

// likeIsPreposition reports whether toks[i], "like", is the preposition
// (likeSubjects).
func likeIsPreposition(toks []token, i int) bool {
	p := prevWord(toks, i)
	return !(likeSubjects[p] || isNegator(p) || strings.HasSuffix(p, "ly") || strings.Contains(p, "'"))
}

// lowerers before a positive word make it a lack of what it names: "low
// quality", "lacks support", "lack of taste", "zero effort"; or, for
// "too", an excess of it: "too sweet", "way too big".
var lowerers = map[string]bool{"low": true, "lack": true, "lacks": true, "lacking": true, "lacked": true, "zero": true, "too": true}

// loweredBy returns the lowerer right before toks[i] ("of" may come
// between: "lack of"), or "".
func loweredBy(toks []token, i int) string {
	p := prevWord(toks, i)
	if p == "of" {
		p = prevWord(toks, i-1)
	}
	if lowerers[p] {
		return p
	}
	return ""
}

// unrealModals before "have", "be" or "of" (as people write "would of")
// make what follows a wish or a regret, not a fact: "would have been
// nice", "could be better".
var unrealModals = map[string]bool{
	"would": true, "could": true, "should": true, "might": true, "i'd": true, "it'd": true,
	"would've": true, "could've": true, "should've": true,
}

// thanThis are the objects of a comparison that make the thing reviewed
// the lesser: "sound better than these", "a lot better than this".
var thanThis = map[string]bool{"this": true, "these": true, "it": true, "them": true}

// unreal reports whether the positive word toks[i] is said of something
// the text does not have: "better" or "greater" that looks to "than
// this" (these, it, them) within six words of its sentence, or a word
// up to four words after a modal and "have" or "be" ("would have been
// nice", "could be better", "should have been greater").
func unreal(toks []token, i int) bool {
	if w := toks[i].word; w == "better" || w == "greater" {
		for j := i + 1; j < len(toks) && j <= i+6 && !toks[j].end; j++ {
			if toks[j].word == "than" && j+1 < len(toks) && !toks[j+1].end && thanThis[toks[j+1].word] {
				return true
			}
		}
	}
	// Back to the start of the sentence: toks[j+1].end says one starts
	// there.
	for j := i - 1; j >= 0 && j >= i-4 && !toks[j+1].end; j-- {
		if hopeVerbs[toks[j].word] && !isNegator(prevWord(toks, j)) {
			return true
		}
		if unrealModals[toks[j].word] && j+1 < i {
			switch toks[j+1].word {
			case "have", "be", "of":
				return true
			}
		}
	}
	return false
}

// hopeVerbs say that what follows them was hoped for, which a review
// mostly says of what it did not get: "I'd expected a better
// experience", "would still have expected better quality". Not after a
// negator: "didn't expect it to be this good".
var hopeVerbs = map[string]bool{"expected": true, "hoped": true, "hoping": true, "wish": true, "wished": true}

// prettyIsDegree reports whether toks[i], "pretty", grades the word
// after it ("pretty bland", "pretty much"), which says nothing of
// beauty: that word is an adjective or adverb of SentiWordNet, whose
// entries are WordNet's adjectives and adverbs. Before anything else it
// is the adjective: "a pretty face", "pretty piece of junk".
func prettyIsDegree(toks []token, i int) bool {
	if i+1 >= len(toks) || toks[i+1].brk {
		return false
	}
	next := toks[i+1].word
	if next == "much" {
		return true
	}
	return isSWNWord(next)
}

// isComparative reports whether w, English, is the comparative of an
// adjective of SentiWordNet (comparativesOf): "simpler" (simple),
// "easier" (easy), "bigger" (big). It does not allocate.
func isComparative(w string) bool {
	forms := comparativesOf(w)
	if forms[0].cut == 0 {
		return false
	}
	swn, err := lexiconSWN()
	if err != nil {
		return false // the lean's pass reports it
	}
	var buf [32]byte
	for _, f := range forms {
		if f.cut == 0 {
			break
		}
		k := append(append(buf[:0], w[:len(w)-f.cut]...), f.add...)
		if _, ok := swn.words[string(k)]; ok { // no allocation: the map is only read
			return true
		}
	}
	return false
}

// comparativesOf returns the ways back from w, a comparative in -er, to
// its adjective, as inflectionsOf does for the other inflections:
// "simpler" simpl or simple, "easier" easy, "bigger" big. Those with cut
// 0 are none.
func comparativesOf(w string) [3]inflection {
	if len(w) < 5 || len(w) > 30 || !strings.HasSuffix(w, "er") {
		return [3]inflection{}
	}
	if strings.HasSuffix(w, "ier") {
		return [3]inflection{{2, ""}, {1, ""}, {3, "y"}}
	}
	if n := len(w); w[n-3] == w[n-4] {
		return [3]inflection{{2, ""}, {1, ""}, {3, ""}}
	}
	return [3]inflection{{2, ""}, {1, ""}}
}

// isSWNWord reports whether w is an entry of SentiWordNet's lexicon. A
// lexicon that does not load knows no word here; the lean's pass
// reports its error.
func isSWNWord(w string) bool {
	swn, err := lexiconSWN()
	if err != nil {
		return false
	}
	_, ok := swn.words[w]
	return ok
}
