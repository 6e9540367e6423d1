package cc

import (
	"strconv"
	"strings"
)

// preproc is the preprocessor of the lab: #include of the standard
// headers (which declare the library, see library.go) and #define NAME
// integer. Anything else is refused with a clear error.
type preproc struct {
	defines  map[string]int64
	included map[string]bool
}

func newPreproc() *preproc {
	return &preproc{defines: map[string]int64{}, included: map[string]bool{}}
}

// directive handles the line at lx.pos, which starts with '#'.
func (lx *lexer) directive() *Error {
	line, col := lx.line, lx.col
	end := lx.pos
	for end < len(lx.src) && lx.src[end] != '\n' {
		end++
	}
	text := lx.src[lx.pos+1 : end]
	if i := strings.Index(text, "//"); i >= 0 {
		text = text[:i]
	}
	lx.advance(end - lx.pos)
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return nil
	}
	switch fields[0] {
	case "include":
		arg := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), "include"))
		if len(arg) < 3 || !(arg[0] == '<' && arg[len(arg)-1] == '>' || arg[0] == '"' && arg[len(arg)-1] == '"') {
			return errAt(line, col, "c-bad-include", arg)
		}
		name := arg[1 : len(arg)-1]
		if !knownHeaders[name] {
			return errAt(line, col, "c-unknown-header", name)
		}
		lx.pp.included[name] = true
		return nil
	case "define":
		if len(fields) < 3 || strings.Contains(fields[1], "(") {
			return errAt(line, col, "c-define-form", strings.TrimSpace(text))
		}
		name := fields[1]
		val := strings.Join(fields[2:], "")
		val = strings.TrimSuffix(strings.TrimPrefix(val, "("), ")")
		neg := strings.HasPrefix(val, "-")
		val = strings.TrimRight(strings.TrimPrefix(val, "-"), "uUlL")
		v, err := strconv.ParseInt(val, 0, 64)
		if err != nil || !isIdent(name[0], true) {
			if strings.ContainsAny(val, ".") {
				return errAt(line, col, "c-float", fields[2])
			}
			return errAt(line, col, "c-define-form", strings.TrimSpace(text))
		}
		if neg {
			v = -v
		}
		lx.pp.defines[name] = v
		return nil
	}
	return errAt(line, col, "c-directive", "#"+fields[0])
}
