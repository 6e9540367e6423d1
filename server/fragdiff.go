package server

import (
	"hash/maphash"
	"strings"
)

// fragmentVersions is the change tracking of a session's frames: for each
// view (language, format, controls, mode — the frame's group) and each
// fragment id, a hash of the markup that view was last sent. A frame
// carries only the fragments whose markup changed; a full frame carries
// all of them and resets what the view was sent. It is keyed by fragment
// id alone, so any fragment the page grows takes part without a change
// here.
//
// A fragment may hold parts: elements with an id and a data-part
// attribute (one thread's card, one region of a map, one table row).
// Then the fragment's hash is of its shell — its markup with each part
// cut out and only the part's id left — and each part has a hash of its
// own: when the shell is as sent, a frame carries only the parts that
// changed, and a step that moves one thread sends that thread's card
// instead of every card. A part that appears or goes changes the shell,
// so the whole fragment goes.
//
// Every change of a session's machine is published to every connection
// at once, so all connections of one view have the same fragments; one
// that joins, or falls behind, gets a full frame, which records what it
// was sent.
type fragmentVersions map[viewKey]map[string]uint64

var fragmentSeed = maphash.MakeSeed()

// changed returns the fragments (and parts, by their ids) of frags that
// differ from what view v was last sent (all fragments when full) and
// records them as sent.
func (fv fragmentVersions) changed(v viewKey, frags map[string]string, full bool) map[string]string {
	sent := fv[v]
	if sent == nil || full {
		sent = make(map[string]uint64, len(frags))
		fv[v] = sent
	}
	out := make(map[string]string, len(frags))
	for id, html := range frags {
		h, parts := shellHash(html)
		if old, ok := sent[id]; ok && old == h && !full {
			for _, p := range parts { // the shell is as sent: only changed parts go
				if ph := maphash.String(fragmentSeed, p.html); sent[p.id] != ph {
					sent[strings.Clone(p.id)] = ph
					out[p.id] = p.html
				}
			}
			continue
		}
		sent[id] = h
		for _, p := range parts {
			// A part's id is a slice of the fragment's markup: as a key
			// it would keep the whole markup alive as long as the session.
			sent[strings.Clone(p.id)] = maphash.String(fragmentSeed, p.html)
		}
		out[id] = html
	}
	return out
}

// part is one element of a fragment marked data-part: its id and markup.
type part struct{ id, html string }

// partAttr marks an element (which must have an id) as a part.
const partAttr = " data-part"

// shellHash hashes a fragment's shell (its markup with every outermost
// part replaced by the part's id) and returns the parts. templ writes
// well-formed markup and escapes ">" in attribute values, so a start tag
// ends at its first ">" and an element at its matching end tag.
func shellHash(html string) (uint64, []part) {
	var parts []part
	var h maphash.Hash
	h.SetSeed(fragmentSeed)
	done := 0
	for {
		at := strings.Index(html[done:], partAttr)
		if at < 0 {
			break
		}
		at += done
		start := strings.LastIndexByte(html[:at], '<')
		end, id := -1, ""
		if start >= done && !strings.ContainsRune(html[start:at], '>') { // inside a start tag
			end, id = elementEnd(html, start)
		}
		if end < 0 || id == "" { // not a part after all (text, or malformed): keep it in the shell
			h.WriteString(html[done : at+len(partAttr)])
			done = at + len(partAttr)
			continue
		}
		h.WriteString(html[done:start])
		h.WriteString("\x00" + id + "\x00")
		parts = append(parts, part{id: id, html: html[start:end]})
		done = end
	}
	h.WriteString(html[done:])
	return h.Sum64(), parts
}

// elementEnd finds the end of the element whose start tag begins at
// start, and its id: -1 if the markup does not close it.
func elementEnd(html string, start int) (end int, id string) {
	tagEnd := strings.IndexByte(html[start:], '>')
	if tagEnd < 0 {
		return -1, ""
	}
	tag := html[start+1 : start+tagEnd+1]
	name, _, _ := strings.Cut(strings.TrimSuffix(tag, ">"), " ")
	if i := strings.Index(tag, ` id="`); i >= 0 {
		rest := tag[i+5:]
		if j := strings.IndexByte(rest, '"'); j >= 0 {
			id = rest[:j]
		}
	}
	open, closing := "<"+name, "</"+name+">"
	depth, pos := 1, start+tagEnd+1
	for depth > 0 {
		c := strings.Index(html[pos:], closing)
		if c < 0 {
			return -1, ""
		}
		if o := indexOpen(html[pos:pos+c], open); o >= 0 { // a nested element of the same name
			depth++
			pos += o + len(open)
			continue
		}
		depth--
		pos += c + len(closing)
	}
	return pos, id
}

// indexOpen is the first start tag open ("<div") in s, not a longer name
// ("<divx").
func indexOpen(s, open string) int {
	for i := 0; ; {
		o := strings.Index(s[i:], open)
		if o < 0 {
			return -1
		}
		after := i + o + len(open)
		if after == len(s) || s[after] == ' ' || s[after] == '>' {
			return i + o
		}
		i = after
	}
}
