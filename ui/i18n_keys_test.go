package ui

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"vigia/config"
)

// TestEveryTextTranslated: every literal the UI passes to L, and every text
// of config.Schema, has an entry in each translation file, so no label
// stays English in Spanish.
func TestEveryTextTranslated(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	texts := map[string]string{} // text → where
	fset := token.NewFileSet()
	for _, f := range files {
		if filepath.Ext(f) != ".go" || len(f) > 8 && f[len(f)-8:] == "_test.go" {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(af, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			name := ""
			switch f := c.Fun.(type) {
			case *ast.Ident:
				name = f.Name
			case *ast.SelectorExpr:
				name = f.Sel.Name
			}
			if name == "L" && len(c.Args) == 1 { // L(text)
				if s, ok := constString(c.Args[0]); ok {
					texts[s] = fset.Position(c.Pos()).String()
				}
			}
			return true
		})
	}
	if len(texts) < 100 {
		t.Fatalf("found only %d texts; the scan is broken", len(texts))
	}
	// The Settings form shows the schema's texts through L: every label,
	// help line, section and option, also of the settings it doesn't edit,
	// which may join it.
	for _, s := range config.Schema() {
		schemaTexts := []string{s.Label, s.Help, s.Section}
		for _, o := range s.Choices {
			schemaTexts = append(schemaTexts, o.Label)
		}
		for _, text := range schemaTexts {
			if text != "" {
				texts[text] = "config.Schema " + s.Key
			}
		}
	}
	for _, lang := range []string{"en", "es"} {
		b, err := os.ReadFile(filepath.Join("..", "assets", "translations", lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s.json: %v", lang, err)
		}
		for s, where := range texts {
			if m[s] == "" {
				t.Errorf("%s.json lacks %q (%s)", lang, s, where)
			}
		}
	}
}

// constString evaluates a string literal, a concatenation of them, or a
// constant declared as one.
func constString(e ast.Expr) (string, bool) {
	switch a := e.(type) {
	case *ast.BasicLit:
		if a.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(a.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if a.Op != token.ADD {
			return "", false
		}
		x, ok1 := constString(a.X)
		y, ok2 := constString(a.Y)
		return x + y, ok1 && ok2
	case *ast.Ident:
		if a.Obj == nil || a.Obj.Kind != ast.Con {
			return "", false
		}
		if vs, ok := a.Obj.Decl.(*ast.ValueSpec); ok {
			for i, name := range vs.Names {
				if name.Name == a.Name && i < len(vs.Values) {
					return constString(vs.Values[i])
				}
			}
		}
	}
	return "", false
}
