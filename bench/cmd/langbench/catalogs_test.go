package main

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// mo writes a GNU message catalog of pairs in byte order order.
func mo(order binary.ByteOrder, pairs [][2]string) []byte {
	n := uint32(len(pairs))
	head := uint32(28)
	origs, trans := head, head+8*n
	data := trans + 8*n
	b := make([]byte, data)
	order.PutUint32(b[0:], 0x950412de)
	order.PutUint32(b[8:], n)
	order.PutUint32(b[12:], origs)
	order.PutUint32(b[16:], trans)
	for i, p := range pairs {
		for k, table := range []uint32{origs, trans} {
			order.PutUint32(b[table+8*uint32(i):], uint32(len(p[k])))
			order.PutUint32(b[table+8*uint32(i)+4:], uint32(len(b)))
			b = append(b, p[k]...)
			b = append(b, 0)
		}
	}
	return b
}

func TestReadMO(t *testing.T) {
	pairs := [][2]string{
		{"", "Content-Type: text/plain; charset=UTF-8\n"},
		{"menu\x04Open file\x00Open files", "Abrir archivo\x00Abrir archivos"},
		{"Cannot  open\n%s", "No se puede\nabrir %s"},
	}
	for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		path := filepath.Join(t.TempDir(), "x.mo")
		if err := os.WriteFile(path, mo(order, pairs), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readMO(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(pairs) {
			t.Fatalf("%v: got %d pairs, want %d", order, len(got), len(pairs))
		}
		for i, p := range pairs {
			if got[i] != p {
				t.Errorf("%v: pair %d: got %q, want %q", order, i, got[i], p)
			}
		}
		if a, b := oneLine(got[1][0]), oneLine(got[1][1]); a != "Open file" || b != "Abrir archivo" {
			t.Errorf("got %q / %q, want the first forms without context", a, b)
		}
		if a := oneLine(got[2][0]); a != "Cannot open %s" {
			t.Errorf("got %q, want white space made single spaces", a)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.mo")
	os.WriteFile(bad, []byte("not a catalog at all, no"), 0o644)
	if _, err := readMO(bad); err == nil {
		t.Error("a file that is not a catalog was read")
	}
	cut := mo(binary.LittleEndian, pairs)
	os.WriteFile(bad, cut[:len(cut)-20], 0o644)
	if _, err := readMO(bad); err == nil {
		t.Error("a catalog cut short was read")
	}
}

func TestWriteCatalogs(t *testing.T) {
	locale, out := t.TempDir(), t.TempDir()
	dir := filepath.Join(locale, "es", "LC_MESSAGES")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "demo.mo"), mo(binary.LittleEndian, [][2]string{
		{"", "header"},
		{"Open the file", "Abrir el archivo"},
		{"OK", "OK"}, // untranslated: left out
	}), 0o644)
	if err := writeCatalogs(locale, out); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		"es/demo.txt":   "   Abrir el archivo\n",
		"en/demo.txt":   "   Open the file\n",
		"orig/demo.txt": "Open the file\n",
	} {
		b, err := os.ReadFile(filepath.Join(out, file))
		if err != nil || string(b) != want {
			t.Errorf("%s: got %q (%v), want %q", file, b, err, want)
		}
	}
	if err := writeCatalogs(t.TempDir(), t.TempDir()); err == nil {
		t.Error("no error without any catalog")
	}
}
