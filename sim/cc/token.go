package cc

import (
	"strconv"
	"strings"
)

// tokKind says what a token is.
type tokKind uint8

const (
	tkIdent tokKind = iota
	tkKeyword
	tkPunct
	tkNum
	tkStr
	tkEOF
)

// token is one token with its position (1-based line and column).
type token struct {
	kind      tokKind
	text      string // as written (punctuator, identifier, number)
	val       int64  // tkNum: the value (a char literal too)
	unsigned  bool   // tkNum: a u suffix, or too big for long
	long      bool   // tkNum: an l suffix
	str       []byte // tkStr: the bytes, without the terminating NUL
	line, col int
	end       int // column just past the token
}

var keywords = map[string]bool{
	"void": true, "char": true, "short": true, "int": true, "long": true, "unsigned": true, "signed": true,
	"struct": true, "typedef": true, "static": true, "const": true, "extern": true, "volatile": true,
	"if": true, "else": true, "while": true, "do": true, "for": true, "switch": true, "case": true,
	"default": true, "break": true, "continue": true, "return": true, "sizeof": true, "_Bool": true,
	"float": true, "double": true, "union": true, "enum": true, "goto": true, "_Atomic": true, "inline": true,
}

var puncts = []string{"<<=", ">>=", "...", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
	"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^="}

// lexer turns source text into tokens, running the preprocessor on each
// line that starts with '#'.
type lexer struct {
	src       string
	pos       int
	line, col int
	pp        *preproc
	toks      []token
}

// tokenize returns the tokens of src, macros already replaced.
func tokenize(src string, pp *preproc) ([]token, *Error) {
	lx := &lexer{src: src, line: 1, col: 1, pp: pp}
	if len(src) > MaxSourceBytes {
		return nil, errAt(1, 1, "c-too-long", len(src), MaxSourceBytes)
	}
	bol := true
	for {
		if err := lx.skipSpace(&bol); err != nil {
			return nil, err
		}
		if lx.pos >= len(lx.src) {
			break
		}
		c := lx.src[lx.pos]
		if c == '#' && bol {
			if err := lx.directive(); err != nil {
				return nil, err
			}
			continue
		}
		bol = false
		t, err := lx.next()
		if err != nil {
			return nil, err
		}
		if t.kind == tkIdent {
			if v, ok := pp.defines[t.text]; ok {
				t.kind, t.val = tkNum, v
			}
		}
		if t.kind == tkStr && len(lx.toks) > 0 && lx.toks[len(lx.toks)-1].kind == tkStr {
			prev := &lx.toks[len(lx.toks)-1]
			prev.str = append(prev.str, t.str...)
			continue
		}
		lx.toks = append(lx.toks, t)
	}
	lx.toks = append(lx.toks, token{kind: tkEOF, line: lx.line, col: lx.col, end: lx.col})
	return lx.toks, nil
}

func (lx *lexer) advance(n int) {
	for i := 0; i < n && lx.pos < len(lx.src); i++ {
		if lx.src[lx.pos] == '\n' {
			lx.line++
			lx.col = 1
		} else {
			lx.col++
		}
		lx.pos++
	}
}

// skipSpace skips blanks and comments; bol becomes true after a newline.
func (lx *lexer) skipSpace(bol *bool) *Error {
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		switch {
		case c == '\n':
			*bol = true
			lx.advance(1)
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			lx.advance(1)
		case strings.HasPrefix(lx.src[lx.pos:], "//"):
			for lx.pos < len(lx.src) && lx.src[lx.pos] != '\n' {
				lx.advance(1)
			}
		case strings.HasPrefix(lx.src[lx.pos:], "/*"):
			line, col := lx.line, lx.col
			end := strings.Index(lx.src[lx.pos+2:], "*/")
			if end < 0 {
				return errAt(line, col, "c-unterminated-comment")
			}
			lx.advance(end + 4)
		case c == '\\' && lx.pos+1 < len(lx.src) && lx.src[lx.pos+1] == '\n':
			lx.advance(2)
		default:
			return nil
		}
	}
	return nil
}

func isIdent(c byte, first bool) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || !first && c >= '0' && c <= '9'
}

// next reads one token at the current position.
func (lx *lexer) next() (token, *Error) {
	s, start := lx.src, lx.pos
	t := token{line: lx.line, col: lx.col}
	c := s[start]
	switch {
	case isIdent(c, true):
		i := start
		for i < len(s) && isIdent(s[i], false) {
			i++
		}
		t.text = s[start:i]
		t.kind = tkIdent
		if keywords[t.text] {
			t.kind = tkKeyword
		}
		lx.advance(i - start)
	case c >= '0' && c <= '9' || c == '.' && start+1 < len(s) && s[start+1] >= '0' && s[start+1] <= '9':
		if err := lx.number(&t); err != nil {
			return t, err
		}
	case c == '\'':
		if err := lx.char(&t); err != nil {
			return t, err
		}
	case c == '"':
		if err := lx.string(&t); err != nil {
			return t, err
		}
	default:
		t.kind = tkPunct
		for _, p := range puncts {
			if strings.HasPrefix(s[start:], p) {
				t.text = p
				break
			}
		}
		if t.text == "" {
			if strings.IndexByte("+-*/%&|^~!<>=?:;,.()[]{}", c) < 0 {
				return t, errAt(t.line, t.col, "c-bad-char", string(rune(c)))
			}
			t.text = string(c)
		}
		lx.advance(len(t.text))
	}
	t.end = lx.col
	return t, nil
}

// number reads an integer constant; a floating one is refused.
func (lx *lexer) number(t *token) *Error {
	s, i := lx.src, lx.pos
	for i < len(s) && (isIdent(s[i], false) || s[i] == '.') {
		i++
	}
	text := s[lx.pos:i]
	t.kind, t.text = tkNum, text
	lower := strings.ToLower(text)
	body := strings.TrimRight(lower, "ul")
	suffix := lower[len(body):]
	isHex := strings.HasPrefix(body, "0x")
	if strings.ContainsAny(body, ".") || !isHex && strings.ContainsAny(body, "e") {
		return errAt(t.line, t.col, "c-float", text)
	}
	base := 10
	digits := body
	switch {
	case isHex:
		base, digits = 16, body[2:]
	case len(body) > 1 && body[0] == '0':
		base, digits = 8, body[1:]
	}
	v, err := strconv.ParseUint(digits, base, 64)
	if err != nil || strings.Count(suffix, "u") > 1 || strings.Count(suffix, "l") > 2 {
		return errAt(t.line, t.col, "c-bad-number", text)
	}
	t.val = int64(v)
	t.unsigned = strings.Contains(suffix, "u") || v > 1<<63-1
	t.long = strings.Contains(suffix, "l") || v > 1<<31-1
	lx.advance(i - lx.pos)
	return nil
}

// escape reads one (possibly escaped) character at s[i:], returning the
// byte and how many source bytes it took.
func escape(s string, i int) (byte, int, bool) {
	if s[i] != '\\' {
		return s[i], 1, true
	}
	if i+1 >= len(s) {
		return 0, 1, false
	}
	switch c := s[i+1]; c {
	case 'n':
		return '\n', 2, true
	case 't':
		return '\t', 2, true
	case 'r':
		return '\r', 2, true
	case '0', '1', '2', '3', '4', '5', '6', '7':
		v, n := 0, 1
		for n <= 3 && i+n < len(s) && s[i+n] >= '0' && s[i+n] <= '7' {
			v = v*8 + int(s[i+n]-'0')
			n++
		}
		return byte(v), n, true
	case 'a':
		return 7, 2, true
	case 'b':
		return 8, 2, true
	case 'f':
		return 12, 2, true
	case 'v':
		return 11, 2, true
	case 'e':
		return 27, 2, true
	case '\\', '\'', '"', '?':
		return c, 2, true
	}
	return 0, 2, false
}

func (lx *lexer) char(t *token) *Error {
	s, i := lx.src, lx.pos+1
	if i >= len(s) || s[i] == '\'' || s[i] == '\n' {
		return errAt(t.line, t.col, "c-bad-char-literal")
	}
	b, n, ok := escape(s, i)
	if !ok || i+n >= len(s) || s[i+n] != '\'' {
		return errAt(t.line, t.col, "c-bad-char-literal")
	}
	t.kind, t.val, t.text = tkNum, int64(int8(b)), s[lx.pos:i+n+1]
	lx.advance(i + n + 1 - lx.pos)
	return nil
}

func (lx *lexer) string(t *token) *Error {
	s, i := lx.src, lx.pos+1
	var out []byte
	for {
		if i >= len(s) || s[i] == '\n' {
			return errAt(t.line, t.col, "c-unterminated-string")
		}
		if s[i] == '"' {
			break
		}
		b, n, ok := escape(s, i)
		if !ok {
			return errAt(t.line, t.col+i-lx.pos, "c-bad-escape")
		}
		out = append(out, b)
		i += n
	}
	t.kind, t.str, t.text = tkStr, out, s[lx.pos:i+1]
	lx.advance(i + 1 - lx.pos)
	return nil
}
