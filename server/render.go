package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/a-h/templ"

	"procscope/lessons"
	"procscope/sim"
	"procscope/templates"
	"procscope/viewmodel"
)

// renderPage writes the whole lab page for the parameters and the state:
// the same components the socket's fragments use.
func (s *Server) renderPage(ctx context.Context, w io.Writer, p PageParams, st sim.State, evs []sim.Event) error {
	return templates.LabPage(s.pageFor(p, st, evs)).Render(ctx, w)
}

// pageFor is the view of a whole page.
func (s *Server) pageFor(p PageParams, st sim.State, evs []sim.Event) templates.Page {
	lang := templates.Lang(p.Lang)
	controls, mode := p.Controls, p.Mode
	if controls == "" {
		controls = "full"
	}
	if mode == "" {
		mode = "explore"
	}
	urls := map[string]string{}
	for _, l := range templates.Langs {
		urls[l] = langURL(p, l)
	}
	ws := p.WSPath
	if ws == "" {
		ws = "/ws"
	}
	return templates.Page{
		Lang:      lang,
		T:         templates.For(lang),
		Assets:    templates.Assets{CSS: s.assets.url("app.css"), JS: s.assets.url("app.js"), ProgramJS: s.assets.url("program.js"), Icon: s.assets.url("favicon.svg")},
		AssetHash: p.AssetHash,
		WSPath:    ws + "?lang=" + lang,
		BasePath:  p.BasePath,
		Step:      p.Step,
		Lesson:    p.Lesson,
		Seed:      p.Seed,
		Room:      p.Room,
		Opts: templates.Options{
			Theme: p.Theme, Motion: map[bool]string{true: "reduce"}[p.ReduceMotion], Controls: controls, Mode: mode,
			Embed: p.Embed, Autoplay: p.Autoplay, Speed: p.Speed, Speeds: Speeds, Follows: p.Room != "",
			AllowedOrigins: strings.Join(s.cfg.OriginPatterns, " "),
		},
		LangURLs: urls,
		FullURL:  fullURL(p),
		Lab:      withLesson(viewmodel.CappedLab(st, evs, lang), lang, p.Lesson),
	}
}

// fullURL is the full lab page for an embed's lab: same lesson, language,
// step and look, with every control (the reader left the LMS's box).
func fullURL(p PageParams) string {
	full := p
	full.Embed, full.Controls = false, "full"
	return p.BasePath + "/" + langURL(full, p.Lang)
}

// langURL is this page in another language, keeping the other parameters.
func langURL(p PageParams, lang string) string {
	q := fmt.Sprintf("?lang=%s", lang)
	if p.Step > 0 {
		q += fmt.Sprintf("&step=%d", p.Step)
	}
	if p.Theme != "" {
		q += "&theme=" + p.Theme
	}
	if p.Lesson != "" && !p.Embed {
		q += "&lesson=" + p.Lesson
	}
	if p.Mode != "" && p.Mode != "explore" {
		q += "&mode=" + p.Mode
	}
	if p.Controls != "" && p.Controls != "full" {
		q += "&controls=" + p.Controls
	}
	return q
}

// renderFragments renders every replaceable part of the page, keyed by
// element id: the same components as the first load (the event log left
// out when the window says so).
func renderFragments(ctx context.Context, v viewKey, st sim.State, log eventWindow) (map[string]string, error) {
	e, err := renderChanged(ctx, v, st, log, &viewmodel.Tracker{}, true)
	return e.Fragments, err
}

// renderChanged renders what view v's pages lack, as tr records what they
// were sent: with full, every fragment; otherwise only the fragments and
// parts whose models changed (templates.Fragment), so a step that moves
// one thread renders the registers it changed, its row and the counters,
// not its card or the maps. What it renders is what the frame carries;
// of a list that lost items at its start and gained some at its end,
// only what it gained is rendered (renderPart). A fragment without a
// model is rendered and compared by its markup (fragdiff.go).
func renderChanged(ctx context.Context, v viewKey, st sim.State, log eventWindow, tr *viewmodel.Tracker, full bool) (pageEdits, error) {
	lang := templates.Lang(v.lang)
	k := keptOf(tr, full)
	k.procs().EventsFrom(log.first)
	p := templates.Page{
		Lang: lang, T: templates.For(lang),
		Opts: templates.Options{Controls: v.controls, Mode: v.mode, Speed: DefaultSpeed, Speeds: Speeds},
		Lab:  withLesson(viewmodel.CappedLabKept(st, log.events, lang, k.procs()), lang, v.lesson),
		Kept: k.listed(),
	}
	defer k.listed().Done() // the view keeps no lab between frames
	numberEvents(p.Lab.Events, log.first)
	e := pageEdits{Fragments: make(map[string]string, 16)} // a step's dozen parts without growing
	b := renderBufs.Get().(*bytes.Buffer)
	defer putRenderBuf(b)
	// one templ context for every piece of the frame, not one each (no
	// component of the page uses templ's once-per-page CSS or handles)
	ctx = templ.InitializeContext(ctx)
	for _, f := range templates.Fragments(p) {
		if f.Same || log.skip && f.ID == "event-log" {
			continue // nothing of it changed; or the frame carries the log's new items instead (eventlog.go)
		}
		if f.Model == nil {
			html, err := renderOne(ctx, b, viewOnlyKey{v: v, id: f.ID, lessons: len(p.Lab.Lessons)}, f.Component)
			if err != nil {
				return pageEdits{}, fmt.Errorf("render fragment %s: %w", f.ID, err)
			}
			changedMarkup(tr, e.Fragments, f.ID, html, full)
			continue
		}
		ids, keys := k.partLists(len(f.Parts))
		for i := range f.Parts {
			pt := &f.Parts[i]
			if pt.Group == "" && !pt.Nested {
				ids = append(ids, pt.ID) // keyed parts are not the shell's (viewmodel's keyed.go)
			}
			switch {
			case pt.Known:
				keys[i].Key, keys[i].Items = pt.Key, pt.Items
			case pt.Tail != nil:
				keys[i] = viewmodel.ItemKeys(pt.Model)
			default:
				keys[i].Key = viewmodel.Hash(pt.Model)
			}
			keys[i].ID, keys[i].Group, keys[i].Nested = pt.ID, pt.Group, pt.Nested
		}
		mk := f.ModelKey
		if !f.KnownModel {
			mk = viewmodel.Hash(f.Model)
		}
		whole, dirty := tr.PlanParts(f.ID, viewmodel.ShellKeyOf(mk, ids), keys, full)
		if whole {
			html, err := renderOne(ctx, b, viewOnlyKey{v: v, id: f.ID, lessons: len(p.Lab.Lessons)}, f.Component)
			if err != nil {
				return pageEdits{}, fmt.Errorf("render fragment %s: %w", f.ID, err)
			}
			e.Fragments[f.ID] = html
			continue
		}
		parts := f.Parts
		for _, d := range dirty {
			if d.Gone != "" {
				e.Removes = append(e.Removes, d.Gone)
				continue
			}
			if parts[d.I].Kept {
				var err error
				if parts, err = freshParts(p, f); err != nil {
					return pageEdits{}, err
				}
			}
			if err := renderPart(ctx, b, &e, parts[d.I], d); err != nil {
				return pageEdits{}, err
			}
		}
	}
	return e, nil
}

// kept is what a view keeps from one frame to the next so that what did
// not change is neither built nor listed again: its processes' views
// (viewmodel.Kept). It lives in the view's tracker (Tracker.Kept), beside
// the record it is valid with.
type kept struct {
	views viewmodel.Kept
	parts templates.Kept
	// ids and keys are the lists of a fragment's part ids and keys,
	// used again for every fragment of every frame (PlanParts keeps
	// neither, only a list's items, which ItemKeys makes afresh)
	ids  []string
	keys []viewmodel.PartKey
}

// keptOf is what tr keeps. On a full frame it forgets it and keeps
// nothing (nil): the lab may have jumped to another history, where sim's
// change counters repeat, and a page that only joined (an idle lecture
// hall) should cost no more than its record until it steps.
func keptOf(tr *viewmodel.Tracker, full bool) *kept {
	if full {
		tr.Kept = nil
		return nil
	}
	k, ok := tr.Kept.(*kept)
	if !ok {
		k = &kept{}
		tr.Kept = k
	}
	return k
}

// procs is the process views kept, or nil.
func (k *kept) procs() *viewmodel.Kept {
	if k == nil {
		return nil
	}
	return &k.views
}

// freshParts are fragment f's parts listed afresh from p's lab, none
// kept: a kept part has no component (templates.Part.Kept), and is
// rendered only when it holds parts that came or went (viewmodel's
// keyed.go renders such a keyed part whole). The listing is the same,
// part for part.
func freshParts(p templates.Page, f templates.Fragment) ([]templates.Part, error) {
	p.Kept = nil
	for _, g := range templates.Fragments(p) {
		if g.ID != f.ID {
			continue
		}
		if !slices.EqualFunc(g.Parts, f.Parts, func(a, b templates.Part) bool { return a.ID == b.ID }) {
			return nil, fmt.Errorf("fragment %s: a kept listing differs from a fresh one", f.ID)
		}
		return g.Parts, nil
	}
	return nil, fmt.Errorf("fragment %s: not listed afresh", f.ID)
}

// listed is what Fragments keeps, or nil.
func (k *kept) listed() *templates.Kept {
	if k == nil {
		return nil
	}
	return &k.parts
}

// partLists are a fragment's lists of part ids (empty) and keys (n,
// cleared): k's, used again, or new ones.
func (k *kept) partLists(n int) ([]string, []viewmodel.PartKey) {
	if k == nil {
		return make([]string, 0, n), make([]viewmodel.PartKey, n)
	}
	k.ids, k.keys = slices.Grow(k.ids[:0], n), slices.Grow(k.keys[:0], n)[:n]
	clear(k.keys)
	return k.ids, k.keys
}

// renderPart adds a dirty part to e: whole, as a new keyed part to
// insert, or as what its list lost at its start and gained at its end
// (templates.Part.Tail).
func renderPart(ctx context.Context, b *bytes.Buffer, e *pageEdits, pt templates.Part, d viewmodel.Dirty) error {
	c := pt.Component
	if d.From >= 0 {
		if d.Trim > 0 {
			e.trim(pt.ID, d.Trim)
		}
		if d.From == reflect.ValueOf(pt.Model).Len() {
			return nil // it only lost items
		}
		c = pt.Tail(d.From)
	}
	html, err := renderOne(ctx, b, viewOnlyKey{}, c)
	if err != nil {
		return fmt.Errorf("render part %s: %w", pt.ID, err)
	}
	switch {
	case d.From >= 0:
		e.append(pt.ID, html)
	case d.After != "" || d.Before != "":
		e.Inserts = append(e.Inserts, insertEdit{After: d.After, Before: d.Before, HTML: html})
	default:
		e.Fragments[pt.ID] = html
	}
	return nil
}

// pieceRenders counts the components renderChanged rendered (fragments and
// parts, the kept view-only ones not included): tests count renders
// rather than time them.
var pieceRenders atomic.Int64

// renderOne renders one fragment or part, keeping a viewOnly fragment's
// markup by its key.
func renderOne(ctx context.Context, b *bytes.Buffer, key viewOnlyKey, c templ.Component) (string, error) {
	if viewOnly[key.id] {
		if html, ok := viewOnlyFrags.Load(key); ok {
			return html.(string), nil
		}
	}
	pieceRenders.Add(1)
	b.Reset()
	if err := c.Render(ctx, b); err != nil {
		return "", err
	}
	html := b.String() // a copy: b is used again
	if viewOnly[key.id] {
		viewOnlyFrags.Store(key, html)
	}
	return html, nil
}

// renderBufs are the buffers pieces and frames are written into: a
// piece's markup and a frame's bytes are copied out, so a buffer grows
// once to the largest piece and is used again.
var renderBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putRenderBuf gives a buffer back, unless a whole page of a large lab
// grew it past what a step needs.
func putRenderBuf(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 {
		b.Reset()
		renderBufs.Put(b)
	}
}

// viewOnly are the fragments whose markup depends on the view alone (its
// language, controls, mode and lesson) and never on the machine: the
// lesson picker and the lesson's text, its Markdown a tenth of a step
// frame's render. They are rendered once per view and kept.
var viewOnly = map[string]bool{"lesson": true}

// viewOnlyFrags holds the viewOnly fragments by view. It is bounded: a
// view's lesson is always one the server has (a lab is never built for
// another), and the lesson count is in the key so a lesson added at
// start is listed.
var viewOnlyFrags sync.Map // viewOnlyKey → string

type viewOnlyKey struct {
	v       viewKey
	id      string
	lessons int
}

// lessonsView lists the lessons for the picker in the page's language and
// gives the text of the current one and its first step. The answer is kept (a frame asks on
// every step, and listing copies every lesson) for a lesson that exists
// or none, in a language there is, so what is kept is bounded; the
// lesson count is in the key, so a lesson added at start is listed. The
// items are shared: no caller changes them.
func lessonsView(lang, current string) lessonsEntry {
	key := lessonsKey{lang: lang, current: current, n: lessons.Count()}
	if v, ok := lessonsViews.Load(key); ok {
		return v.(lessonsEntry)
	}
	items, text := listLessons(lang, current)
	e := lessonsEntry{items, text, lessonStartView(lang, current)}
	if text.Name == current && slices.Contains(templates.Langs, lang) {
		lessonsViews.Store(key, e)
	}
	return e
}

var lessonsViews sync.Map // lessonsKey → lessonsEntry

type lessonsKey struct {
	lang, current string
	n             int
}

type lessonsEntry struct {
	items []templates.LessonItem
	text  templates.LessonText
	step  templates.LessonStep
}

// listLessons is lessonsView, made afresh.
func listLessons(lang, current string) ([]templates.LessonItem, templates.LessonText) {
	all, err := lessons.All()
	if err != nil {
		return nil, templates.LessonText{}
	}
	var items []templates.LessonItem
	var text templates.LessonText
	for _, l := range all {
		items = append(items, templates.LessonItem{Name: l.Name, Title: l.Title[lang], Current: l.Name == current})
		if l.Name == current {
			text = templates.LessonText{Name: l.Name, Title: l.Title[lang], Text: l.Text[lang]}
		}
	}
	return items, text
}

// withLesson adds what every lab view shows beside the machine: the
// lesson picker with the current lesson's text, and the comparison.
func withLesson(lab templates.Lab, lang, lesson string) templates.Lab {
	e := lessonsView(lang, lesson)
	lab.Lessons, lab.Lesson, lab.Step = e.items, e.text, e.step
	lab.Compare = viewmodel.Compare()
	return lab
}
