package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// rssKB reads VmRSS of this process from /proc (0 where there is none).
func rssKB() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return n
		}
	}
	return 0
}

// measureLoad runs in a process of its own (langbench -load NAME): it
// builds the detector NAME, detects one sentence per language so that
// lazily loaded models are in, and prints "load_ms rss_added_kb".
func measureLoad(name string) error {
	runtime.GC()
	before := rssKB()
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
	fmt.Printf("%.1f %d\n", float64(load.Microseconds())/1000, rssKB()-before)
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
