package viewmodel

import (
	"strings"
	"unicode/utf8"
)

// maxCStringRunes is how many characters of a string a view shows before
// it cuts the rest off with an ellipsis.
const maxCStringRunes = 24

// CString is text as C source writes it: in double quotes, with C's
// escapes for quotes, backslashes and control characters (\n, \t, \x01),
// cut after maxCStringRunes characters with "…" after the closing quote,
// so "parent\n" reads as the program wrote it, not as its first char's
// number. Bytes that are not UTF-8 are written as \x escapes.
func CString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for n := 0; s != ""; n++ {
		if n == maxCStringRunes {
			b.WriteString(`"…`)
			return b.String()
		}
		r, size := utf8.DecodeRuneInString(s)
		writeCRune(&b, r, s[:size])
		s = s[size:]
	}
	b.WriteByte('"')
	return b.String()
}

// cEscapes are the characters C writes with a letter.
var cEscapes = map[rune]string{'\n': `\n`, '\t': `\t`, '\r': `\r`, '\a': `\a`, '\b': `\b`, '\f': `\f`, '\v': `\v`, '"': `\"`, '\\': `\\`}

// writeCRune writes one character of CString; raw is its bytes.
func writeCRune(b *strings.Builder, r rune, raw string) {
	const hex = "0123456789abcdef"
	switch e, ok := cEscapes[r]; {
	case ok:
		b.WriteString(e)
	case r == utf8.RuneError && len(raw) == 1, r < 0x20, r == 0x7f:
		b.WriteString(`\x`)
		b.WriteByte(hex[raw[0]>>4])
		b.WriteByte(hex[raw[0]&15])
	default:
		b.WriteString(raw)
	}
}
