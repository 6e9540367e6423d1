package server

import (
	"bytes"
	"path"
	"regexp"
)

// trimAsset drops from a stylesheet or script what only its readers need:
// comments on lines of their own, CSS comments, indentation and blank
// lines. The files in web/static keep them; the browser gets ~15 KB less
// of a first load whose budget is 150 KB (docs/performance.md). Nothing
// is rewritten inside a line, so this needs no parser: app.js has no
// template literals or strings that span lines (a test checks).
func trimAsset(name string, b []byte) []byte {
	ext := path.Ext(name)
	if ext != ".js" && ext != ".css" {
		return b
	}
	if ext == ".css" {
		b = cssComment.ReplaceAll(b, nil)
	}
	var out bytes.Buffer
	for line := range bytes.Lines(b) {
		line = bytes.TrimLeft(line, " \t")
		if ext == ".js" && bytes.HasPrefix(line, []byte("//")) {
			continue
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		out.Write(line)
	}
	return out.Bytes()
}

var cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
