package server

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"

	"procscope/web"
)

func TestTrimAssetDropsCommentsAndIndentation(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"a.js", "\"use strict\";\n  // why\n  const a = 1; // a trailing note goes\n\n  if (a) {\n    go(\"//x\"); // kept: a quote before it\n  }\n", "\"use strict\";\nconst a = 1;\nif (a) {\ngo(\"//x\"); // kept: a quote before it\n}\n"},
		{"a.css", "/* a\n   note */\n.a { color: red; } /* why */\n  .b, .c :hover { margin: 0 1px; }\n.d::before { content: \" ; \"; }\n", ".a{color:red}.b,.c :hover{margin:0 1px}.d::before{content:\" ; \"}"},
		{"icon.svg", "  <svg/>\n", "  <svg/>\n"},
	} {
		if got := string(trimAsset(c.name, []byte(c.in))); got != c.want {
			t.Errorf("trimAsset(%s) = %q, want %q", c.name, got, c.want)
		}
	}
}

// The trim works line by line, so a script whose strings or template
// literals span lines would be broken by it.
func TestStaticScriptsHaveNoMultilineLiterals(t *testing.T) {
	err := fs.WalkDir(web.Static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".js") {
			return err
		}
		b, err := fs.ReadFile(web.Static, p)
		if err != nil {
			return err
		}
		if bytes.ContainsRune(b, '`') {
			t.Errorf("%s has a template literal: trimAsset may break it", p)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if strings.HasSuffix(line, "\\") {
				t.Errorf("%s:%d continues a string on the next line: trimAsset may break it", p, i+1)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
