package server

import (
	"io/fs"
	"strings"
	"testing"

	"procscope/web"
)

func TestTrimAssetMinifiesStylesAndScripts(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"a.js", "\"use strict\";\n  // why\n  function go(longName) { const other = longName + 1; return other; }\n  go(\"//x\");\n", "\"use strict\";function go(e){const t=e+1;return t}go(\"//x\")"},
		{"a.css", "/* a\n   note */\n.a { color: red; } /* why */\n  .b, .c :hover { margin: 0 1px; }\n.d::before { content: \" ; \"; }\n", ".a{color:red}.b,.c :hover{margin:0 1px}.d::before{content:\" ; \"}"},
		{"icon.svg", "  <svg/>\n", "  <svg/>\n"},
	} {
		got, err := trimAsset(c.name, []byte(c.in))
		if err != nil || string(got) != c.want {
			t.Errorf("trimAsset(%s) = %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	if _, err := trimAsset("bad.js", []byte("function (")); err == nil || !strings.Contains(err.Error(), "bad.js") {
		t.Errorf("a script that does not parse: err = %v, want one that names it", err)
	}
}

// Every served script and stylesheet minifies, and comes out smaller.
func TestStaticAssetsMinify(t *testing.T) {
	err := fs.WalkDir(web.Static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || (!strings.HasSuffix(p, ".js") && !strings.HasSuffix(p, ".css")) {
			return err
		}
		b, err := fs.ReadFile(web.Static, p)
		if err != nil {
			return err
		}
		out, err := trimAsset(p, b)
		if err != nil {
			t.Error(err)
		} else if len(out) >= len(b) {
			t.Errorf("%s: %d bytes minified, %d as written", p, len(out), len(b))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
