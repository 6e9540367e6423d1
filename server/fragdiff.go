package server

import (
	"hash/maphash"
	"strings"
	"time"

	"procscope/sim"
	"procscope/viewmodel"
)

// fragmentVersions is the change tracking of a session's frames: a
// viewmodel.Tracker per view (language, format, controls, mode, lesson —
// the frame's group), recording what that view's pages were last sent.
// Every change of a session's machine is published to every connection
// at once, so all connections of one view have the same fragments; one
// that joins, or falls behind, gets a full frame, which records what it
// was sent.
type fragmentVersions map[viewKey]*viewmodel.Tracker

// of is view v's tracker.
func (fv fragmentVersions) of(v viewKey) *viewmodel.Tracker {
	tr := fv[v]
	if tr == nil {
		tr = &viewmodel.Tracker{}
		fv[v] = tr
	}
	return tr
}

// forgetKept forgets what every view keeps between frames (kept), not
// what it was sent: nobody watches, and an idle lab should cost little.
func (fv fragmentVersions) forgetKept() {
	for _, tr := range fv {
		tr.Kept = nil
	}
}

// keptIdle is how long a lab's views keep what they keep between frames
// (kept: its processes' views, its parts' ids and keys, 0.2-0.6 MB a
// view) after its last frame: a class that stepped and now sits watching
// costs what an idle class does. The next frame lists its page afresh,
// as after a join, and keeps again.
const keptIdle = 30 * time.Second

// forgetIdleKeptLocked forgets what s's views keep, and the tables of
// its last frame's state, once no frame has been rendered for keptIdle
// (sweep, at most a minute later).
func (s *session) forgetIdleKeptLocked(now time.Time) {
	if !s.framedAt.IsZero() && now.Sub(s.framedAt) >= keptIdle {
		s.versions.forgetKept()
		s.framedAt, s.viewState = time.Time{}, sim.State{}
	}
}

var fragmentSeed = maphash.MakeSeed()

// changed returns the fragments (and parts, by their ids) of frags that
// differ from what view v was last sent (all fragments when full) and
// records them as sent, comparing markup.
func (fv fragmentVersions) changed(v viewKey, frags map[string]string, full bool) map[string]string {
	out := make(map[string]string, len(frags))
	for id, html := range frags {
		changedMarkup(fv.of(v), out, id, html, full)
	}
	return out
}

// changedMarkup adds to out what of one rendered fragment differs from
// what tr recorded, comparing its markup: the way of a fragment whose
// model is not known (templates.Fragment.Model nil). The fragment may hold
// parts, elements with an id and a data-part attribute; then its hash is
// of its shell — its markup with each part cut out and only the part's id
// left — and each part has a hash of its own: when the shell is as sent,
// only the parts that changed go. A part that appears or goes changes the
// shell, so the whole fragment goes.
func changedMarkup(tr *viewmodel.Tracker, out map[string]string, id, html string, full bool) {
	h, parts := shellHash(html) // the shell's hash holds the parts' ids in order
	keys := make([]uint64, len(parts))
	for i, p := range parts {
		keys[i] = maphash.String(fragmentSeed, p.html)
	}
	whole, dirty := tr.Plan(id, h, keys, full)
	if whole {
		out[id] = html
		return
	}
	for _, i := range dirty {
		out[parts[i].id] = parts[i].html
	}
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
