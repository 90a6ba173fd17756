package main

import (
	"fmt"
	"runtime"
	"time"

	"vigia/bench/internal/peer"
)

// measureLoad runs in a process of its own (langbench -load NAME): it
// builds the detector NAME, detects one sentence per language so that
// lazily loaded models are in, and prints "load_ms rss_added_kb".
func measureLoad(name string) error {
	runtime.GC()
	before := peer.RSSKB()
	t0 := time.Now()
	d, err := newGoDetector(name)
	if err != nil {
		return err
	}
	for _, s := range probeSentences {
		d.detect(s)
	}
	load := time.Since(t0)
	runtime.GC()
	fmt.Printf("%.1f %d\n", float64(load.Microseconds())/1000, peer.RSSKB()-before)
	return nil
}

var probeSentences = []string{
	"The quick brown fox jumps over the lazy dog near the river bank.",
	"El rápido zorro marrón salta sobre el perro perezoso junto al río.",
	"Der schnelle braune Fuchs springt über den faulen Hund am Flussufer.",
	"Le rapide renard brun saute par-dessus le chien paresseux près de la rivière.",
	"La rapida volpe marrone salta sopra il cane pigro vicino al fiume.",
	"A rápida raposa marrom pula sobre o cão preguiçoso perto do rio.",
}
