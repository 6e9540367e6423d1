package templates

import "strings"

// Block is one block of a lesson text.
type Block struct {
	Kind  string     // "h", "p", "ul", "ol", "code"
	Items [][]Inline // "ul", "ol": one per item; "h", "p": one
	Code  string
}

// Inline is a run of text: plain, code or bold. Text is always escaped by
// templ; nothing in a lesson becomes markup of its own.
type Inline struct {
	Text string
	Code bool
	Bold bool
}

// mdBlocks splits the small Markdown the lessons use into blocks:
// "#" headings, paragraphs, "-"/"1." lists with indented continuation
// lines, and ``` code fences. Anything else is a paragraph's text.
func mdBlocks(src string) []Block {
	var out []Block
	var para []string
	var list *Block
	var item []string
	flushItem := func() {
		if list != nil && item != nil {
			list.Items = append(list.Items, mdInline(strings.Join(item, " ")))
		}
		item = nil
	}
	flush := func() {
		if len(para) > 0 {
			out = append(out, Block{Kind: "p", Items: [][]Inline{mdInline(strings.Join(para, " "))}})
			para = nil
		}
		flushItem()
		if list != nil {
			out = append(out, *list)
			list = nil
		}
	}
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trim := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trim, "```"):
			flush()
			var code []string
			for i++; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), "```"); i++ {
				code = append(code, lines[i])
			}
			out = append(out, Block{Kind: "code", Code: strings.Join(code, "\n")})
		case trim == "":
			flush()
		case strings.HasPrefix(trim, "#"):
			flush()
			out = append(out, Block{Kind: "h", Items: [][]Inline{mdInline(strings.TrimSpace(strings.TrimLeft(trim, "#")))}})
		case listMarker(trim) != "":
			kind := listMarker(trim)
			if para != nil {
				flush()
			}
			if list != nil && list.Kind != kind {
				flush()
			}
			flushItem()
			if list == nil {
				list = &Block{Kind: kind}
			}
			item = []string{strings.TrimSpace(trim[strings.IndexByte(trim, ' ')+1:])}
		case item != nil && (strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")):
			item = append(item, trim)
		default:
			if list != nil {
				flush()
			}
			para = append(para, trim)
		}
	}
	flush()
	return out
}

// listMarker is "ul" for "- x" or "* x", "ol" for "1. x", else "".
func listMarker(s string) string {
	if strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "* ") {
		return "ul"
	}
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n > 0 && n+1 < len(s) && s[n] == '.' && s[n+1] == ' ' {
		return "ol"
	}
	return ""
}

// mdInline splits `code`, **bold** and *emphasis* (shown as plain text).
func mdInline(s string) []Inline {
	var out []Inline
	var b strings.Builder
	bold := false
	emit := func() {
		if b.Len() > 0 {
			out = append(out, Inline{Text: b.String(), Bold: bold})
			b.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '`':
			if j := strings.IndexByte(s[i+1:], '`'); j >= 0 {
				emit()
				out = append(out, Inline{Text: s[i+1 : i+1+j], Code: true})
				i += j + 1
				continue
			}
			b.WriteByte(s[i])
		case strings.HasPrefix(s[i:], "**"):
			emit()
			bold = !bold
			i++
		case s[i] == '*':
			// emphasis markers are dropped; the words stay
		default:
			b.WriteByte(s[i])
		}
	}
	emit()
	return out
}
