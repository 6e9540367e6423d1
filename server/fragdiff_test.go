package server

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"procscope/lessons"
	"procscope/sim"
	"procscope/templates"
	"procscope/viewmodel"
)

// cards is a threads panel with one card per register value, each card a
// part (with a nested element of the same name, as cards have).
func cards(title string, regs ...string) string {
	var b strings.Builder
	b.WriteString(`<section id="threads"><h2>` + title + `</h2>`)
	for i, r := range regs {
		id := string(rune('a' + i))
		b.WriteString(`<article id="thread-` + id + `" class="tcard" data-part><article class="inner">ax <b>` + r + `</b></article></article>`)
	}
	b.WriteString(`<p>not data-part text</p></section>`)
	return b.String()
}

func TestAFrameCarriesOnlyTheChangedPartsOfAFragment(t *testing.T) {
	fv := fragmentVersions{}
	v := viewKey{lang: "en"}
	send := func(html string, full bool) []string {
		return slices.Sorted(maps.Keys(fv.changed(v, map[string]string{"threads": html}, full)))
	}
	if got := send(cards("T", "1", "2", "3"), false); !slices.Equal(got, []string{"threads"}) {
		t.Fatalf("first frame sent %v, want the whole fragment", got)
	}
	out := fv.changed(v, map[string]string{"threads": cards("T", "1", "9", "3")}, false)
	if got := slices.Sorted(maps.Keys(out)); !slices.Equal(got, []string{"thread-b"}) {
		t.Fatalf("one card changed, sent %v", got)
	}
	if want := `<article id="thread-b" class="tcard" data-part><article class="inner">ax <b>9</b></article></article>`; out["thread-b"] != want {
		t.Errorf("the part's markup is %q, want %q", out["thread-b"], want)
	}
	if got := send(cards("T", "1", "9", "3"), false); len(got) != 0 {
		t.Errorf("nothing changed, sent %v", got)
	}
	for _, c := range []struct {
		why, html string
	}{
		{"the shell changed", cards("U", "1", "9", "3")},
		{"a card appeared", cards("U", "1", "9", "3", "4")},
		{"a card went", cards("U", "1", "9", "3")},
	} {
		if got := send(c.html, false); !slices.Equal(got, []string{"threads"}) {
			t.Errorf("%s: sent %v, want the whole fragment", c.why, got)
		}
	}
	if got := send(cards("U", "1", "9", "3"), true); !slices.Equal(got, []string{"threads"}) {
		t.Errorf("a full frame sent %v, want the whole fragment", got)
	}
	// After the whole fragment, its parts are as sent: a change of one
	// goes alone again.
	if got := send(cards("U", "5", "9", "3"), false); !slices.Equal(got, []string{"thread-a"}) {
		t.Errorf("after a whole fragment, one card changed: sent %v", got)
	}
}

func TestShellHashFindsOnlyMarkedElementsWithIDs(t *testing.T) {
	for _, c := range []struct {
		html string
		ids  []string
	}{
		{`<ul><li id="a" data-part>x</li><li id="b" data-part>y</li></ul>`, []string{"a", "b"}},
		{`<p id="p">the word data-part in text</p>`, nil},
		{`<p title="x"><span data-part>no id</span></p>`, nil},
		{`<div id="o" data-part><div id="i" data-part>in</div></div>`, []string{"o"}},
		{`<div id="u" data-part><div>never closed</div>`, nil},
		{`<tr id="r" data-part><td>1</td></tr><tr id="s" data-part><td>2</td></tr>`, []string{"r", "s"}},
	} {
		_, parts := shellHash(c.html)
		var ids []string
		for _, p := range parts {
			ids = append(ids, p.id)
			if !strings.Contains(c.html, p.html) || !strings.HasPrefix(p.html, "<") || !strings.HasSuffix(p.html, ">") {
				t.Errorf("%s: part %q is not an element of it", c.html, p.html)
			}
		}
		if !slices.Equal(ids, c.ids) {
			t.Errorf("%s: parts %v, want %v", c.html, ids, c.ids)
		}
	}
}

// A part's id as a map key must not be a slice of the fragment's markup:
// it would keep every idle session's first frame alive (26 MB for 2,000
// idle labs before this was fixed).
func TestRecordedPartsHoldNoMarkup(t *testing.T) {
	fv := fragmentVersions{}
	v := viewKey{lang: "en"}
	for i, html := range []string{cards("T", "1", "2"), cards("T", "1", "3"), cards("U", "1", "3")} {
		fv.changed(v, map[string]string{"threads": html}, i == 0)
		lo := uintptr(unsafe.Pointer(unsafe.StringData(html)))
		for id := range fv[v].Recorded() {
			if p := uintptr(unsafe.Pointer(unsafe.StringData(id))); p >= lo && p < lo+uintptr(len(html)) {
				t.Fatalf("frame %d: the key %q points into the fragment's markup", i, id)
			}
		}
	}
}

// The fragments kept per view (viewOnly) are what rendering them afresh
// draws, whatever the machine's state, for every lesson and language.
func TestViewOnlyFragmentsAreTheFreshRender(t *testing.T) {
	all, err := lessons.All()
	if err != nil {
		t.Fatal(err)
	}
	st1, _ := stateAfter(t, sim.Command{Op: sim.CmdSpawn, Tid: 2, Name: "worker"})
	st2, _ := stateAfter(t, sim.Command{Op: sim.CmdSpawn, Tid: 2, Name: "worker"}, sim.Command{Op: sim.CmdFork, Tid: 2}, sim.Command{Op: sim.CmdStep, N: 5})
	states := []sim.State{st1, st2}
	for _, l := range append([]lessons.Lesson{{}}, all...) {
		for _, lang := range templates.Langs {
			for _, mode := range []string{"explore", "readonly"} {
				v := viewKey{lang: lang, controls: "full", mode: mode, lesson: l.Name}
				for _, st := range states {
					got, err := renderFragments(context.Background(), v, st, eventWindow{})
					if err != nil {
						t.Fatal(err)
					}
					p := templates.Page{Lang: lang, T: templates.For(lang), Opts: templates.Options{Controls: v.controls, Mode: mode},
						Lab: withLesson(viewmodel.CappedLab(st, nil, lang), lang, l.Name)}
					for _, f := range templates.Fragments(p) {
						if !viewOnly[f.ID] {
							continue
						}
						var b strings.Builder
						if err := f.Component.Render(context.Background(), &b); err != nil {
							t.Fatal(err)
						}
						if got[f.ID] != b.String() {
							t.Fatalf("%s of lesson %q in %s/%s: kept markup differs from a fresh render", f.ID, l.Name, lang, mode)
						}
					}
				}
			}
		}
	}
}
