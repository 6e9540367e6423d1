package viewmodel

import (
	"strings"
)

// cTokens splits each line of a C program into plain text and the names
// of its variables, so the page can link a name to its place in memory.
// It only finds names: a name in a comment, after . or -> (a member) or
// on a preprocessor line is text, and a string literal takes the symbol
// of the literal the compiler placed for that line, in order.
func cTokens(lines []string, syms *symbols) [][]Token {
	out := make([][]Token, len(lines))
	inComment := false
	for i, line := range lines {
		lx := lineLexer{src: line, n: i + 1, syms: syms, inComment: inComment}
		out[i] = lx.run()
		inComment = lx.inComment
	}
	return out
}

// lineLexer tokenizes one line; inComment carries a /* */ comment over
// lines.
type lineLexer struct {
	src       string
	n         int
	syms      *symbols
	inComment bool
	toks      []Token
	plain     strings.Builder
	literal   int    // string literals seen on this line
	prev      string // the last token that was not space: "." and "->" make a member
}

func (lx *lineLexer) run() []Token {
	s := lx.src
	if strings.HasPrefix(strings.TrimSpace(s), "#") && !lx.inComment {
		return []Token{{Text: s}}
	}
	for i := 0; i < len(s); {
		switch {
		case lx.inComment:
			end := strings.Index(s[i:], "*/")
			if end < 0 {
				lx.text(s[i:])
				i = len(s)
				continue
			}
			lx.text(s[i : i+end+2])
			i += end + 2
			lx.inComment = false
		case strings.HasPrefix(s[i:], "//"):
			lx.text(s[i:])
			i = len(s)
		case strings.HasPrefix(s[i:], "/*"):
			lx.text("/*")
			i += 2
			lx.inComment = true
		case s[i] == '"' || s[i] == '\'':
			j := quoted(s, i)
			if s[i] == '"' {
				lx.stringLiteral(s[i:j])
			} else {
				lx.text(s[i:j])
			}
			lx.prev = "lit"
			i = j
		case isIdentStart(s[i]):
			j := i
			for j < len(s) && isIdentPart(s[j]) {
				j++
			}
			lx.name(s[i:j])
			i = j
		default:
			lx.text(s[i : i+1])
			if s[i] != ' ' && s[i] != '\t' {
				lx.prev = s[i : i+1]
				if s[i] == '>' && i > 0 && s[i-1] == '-' {
					lx.prev = "->"
				}
			}
			i++
		}
	}
	lx.flush()
	return lx.toks
}

// quoted returns the end of the literal that opens at i (past its closing
// quote, or the line's end when it has none).
func quoted(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case q:
			return j + 1
		}
	}
	return len(s)
}

func (lx *lineLexer) text(t string) { lx.plain.WriteString(t) }

func (lx *lineLexer) flush() {
	if lx.plain.Len() > 0 {
		lx.toks = append(lx.toks, Token{Text: lx.plain.String()})
		lx.plain.Reset()
	}
}

func (lx *lineLexer) sym(t, id string) {
	lx.flush()
	lx.toks = append(lx.toks, Token{Text: t, Sym: id})
}

func (lx *lineLexer) name(t string) {
	member := lx.prev == "." || lx.prev == "->"
	lx.prev = t
	if id := lx.syms.resolve(t, lx.n); id != "" && !member {
		lx.sym(t, id)
		return
	}
	lx.text(t)
}

// stringLiteral links a literal to the one the compiler placed for this
// line: a char array's initialiser places none, and then it stays text.
func (lx *lineLexer) stringLiteral(t string) {
	lits := lx.syms.literals[lx.n]
	if lx.literal < len(lits) {
		lx.sym(t, lits[lx.literal])
		lx.literal++
		return
	}
	lx.text(t)
}

func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isIdentPart(c byte) bool  { return isIdentStart(c) || c >= '0' && c <= '9' }
