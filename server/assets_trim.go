package server

import (
	"bytes"
	"path"
	"regexp"
)

// trimAsset drops from a stylesheet or script what only its readers need:
// comments on lines of their own, CSS comments, indentation and blank
// lines, and in CSS the spaces around punctuation. The files in
// web/static keep them; the browser gets ~20 KB less of a first load
// whose budget is 150 KB (docs/performance.md). A script is not rewritten
// inside a line, so this needs no parser: app.js has no template literals
// or strings that span lines (a test checks).
func trimAsset(name string, b []byte) []byte {
	ext := path.Ext(name)
	if ext != ".js" && ext != ".css" {
		return b
	}
	if ext == ".css" {
		return compactCSS(cssComment.ReplaceAll(b, nil))
	}
	var out bytes.Buffer
	for line := range bytes.Lines(b) {
		line = bytes.TrimLeft(line, " \t")
		if ext == ".js" {
			if bytes.HasPrefix(line, []byte("//")) {
				continue
			}
			line = dropTrailingComment(line)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		out.Write(line)
	}
	return out.Bytes()
}

// dropTrailingComment cuts a "// ..." comment after code, but only where
// the code before it has no quote, slash or backtick, so the "//" cannot
// be inside a string, a regular expression or a URL.
func dropTrailingComment(line []byte) []byte {
	i := bytes.Index(line, []byte("//"))
	if i <= 0 || bytes.ContainsAny(line[:i], "\"'/`") {
		return line
	}
	return append(bytes.TrimRight(line[:i], " \t"), '\n')
}

var (
	cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
	cssString  = regexp.MustCompile(`"[^"]*"|'[^']*'`)
	cssSpace   = regexp.MustCompile(`\s+`)
	cssPunct   = regexp.MustCompile(` ?([{};,]) ?`)
)

// compactCSS drops the spaces a stylesheet does not need: around braces,
// semicolons and commas, after a colon (never before one: "a :hover" is
// not "a:hover"), and the last semicolon of a block. Quoted strings are
// kept as they are.
func compactCSS(b []byte) []byte {
	var out []byte
	squeeze := func(s []byte) {
		s = cssSpace.ReplaceAll(s, []byte(" "))
		s = cssPunct.ReplaceAll(s, []byte("$1"))
		s = bytes.ReplaceAll(s, []byte(": "), []byte(":"))
		out = append(out, bytes.ReplaceAll(s, []byte(";}"), []byte("}"))...)
	}
	last := 0
	for _, m := range cssString.FindAllIndex(b, -1) {
		squeeze(b[last:m[0]])
		out = append(out, b[m[0]:m[1]]...)
		last = m[1]
	}
	squeeze(b[last:])
	return bytes.TrimSpace(out)
}
