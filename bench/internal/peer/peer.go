// Package peer runs the JavaScript peers of bench/peers through node, by
// the protocol of bench/peers/lines.js (JSON lines in, one JSON line out
// per line, after a first line saying the peer is loaded), and reads the
// memory figures the side-by-side commands report.
package peer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Ready is the peer's first line: its load time and its RSS once loaded.
type Ready struct {
	LoadMS float64 `json:"load_ms"`
	RSSKB  int     `json:"rss_kb"`
}

// Run runs dir/script through node on texts, sent as {"text": …} lines,
// and decodes its answer to each text into a T.
func Run[T any](dir, script string, texts []string) ([]T, Ready, error) {
	cmd := exec.Command("node", filepath.Join(dir, script))
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, Ready{}, err
	}
	outPipe, err := cmd.StdoutPipe()
	if err != nil {
		return nil, Ready{}, err
	}
	if err := cmd.Start(); err != nil {
		return nil, Ready{}, fmt.Errorf("start node: %w", err)
	}
	go func() {
		w := bufio.NewWriter(in)
		enc := json.NewEncoder(w)
		for _, t := range texts {
			enc.Encode(map[string]string{"text": t})
		}
		w.Flush()
		in.Close()
	}()
	fail := func(err error) ([]T, Ready, error) {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, Ready{}, fmt.Errorf("%s: %w", script, err)
	}
	dec := json.NewDecoder(bufio.NewReaderSize(outPipe, 1<<20))
	var ready Ready
	if err := dec.Decode(&ready); err != nil {
		return fail(err)
	}
	out := make([]T, 0, len(texts))
	for {
		var r T
		if err := dec.Decode(&r); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return fail(err)
		}
		out = append(out, r)
	}
	if err := cmd.Wait(); err != nil {
		return nil, Ready{}, fmt.Errorf("%s: %w", script, err)
	}
	if len(out) != len(texts) {
		return nil, Ready{}, fmt.Errorf("%s answered %d texts of %d", script, len(out), len(texts))
	}
	return out, ready, nil
}

// NodeBaseKB is the RSS of node itself, which the peers' figures leave
// out; 0 when node can't say.
func NodeBaseKB() int {
	b, err := exec.Command("node", "-e", "console.log(Math.round(process.memoryUsage().rss/1024))").Output()
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return n
}

// RSSKB reads VmRSS of this process from /proc (0 where there is none).
func RSSKB() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for l := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return n
		}
	}
	return 0
}

// InChild runs this program again with args, in a fresh process whose
// memory holds nothing else, and reads the "load_ms rss_added_kb" line it
// prints (what a command's -load mode measures).
func InChild(args ...string) (float64, int, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, 0, err
	}
	b, err := exec.Command(exe, args...).Output()
	if err != nil {
		return 0, 0, fmt.Errorf("measure load: %w", err)
	}
	f := strings.Fields(string(b))
	if len(f) != 2 {
		return 0, 0, fmt.Errorf("measure load: got %q", b)
	}
	ms, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return 0, 0, fmt.Errorf("measure load: %w", err)
	}
	kb, err := strconv.Atoi(f[1])
	if err != nil {
		return 0, 0, fmt.Errorf("measure load: %w", err)
	}
	return ms, kb, nil
}

// WriteWordList writes the set of words seen to path, gzipped, sorted, a
// word a line, as models/local reads its word lists, and says so on
// stderr. Fewer than 10 000 words is an error: not a word list.
func WriteWordList(path string, seen map[string]bool) error {
	if len(seen) < 10000 {
		return fmt.Errorf("%s: %d words, not a word list", path, len(seen))
	}
	words := slices.Sorted(maps.Keys(seen))
	var b bytes.Buffer
	for _, w := range words {
		b.WriteString(w + "\n")
	}
	n, err := WriteGzip(path, b.Bytes())
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s: %d words, %d bytes\n", path, len(words), n)
	return nil
}

// WriteGzip writes data to path, gzipped at the best compression, as the
// assets models/local embeds are, and returns the size written.
func WriteGzip(path string, data []byte) (int, error) {
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		return 0, err
	}
	return gz.Len(), os.WriteFile(path, gz.Bytes(), 0o644)
}
