package templates_test

import (
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"

	. "procscope/templates"
	"procscope/templates/sample"
)

func page(lang string, o Options, lab Lab) Page {
	return Page{
		Lang: lang, T: For(lang), Opts: o, Lab: lab,
		Assets:   Assets{CSS: "/static/x/app.css", JS: "/static/x/app.js"},
		WSPath:   "/ws?lang=" + lang,
		LangURLs: map[string]string{"en": "/?lang=en", "ko": "/?lang=ko"},
	}
}

func TestEveryElementIDIsUnique(t *testing.T) {
	for _, lab := range []Lab{sample.Fresh(), sample.Forked(), sample.Crowded()} {
		doc := render(t, LabPage(page("en", opts, lab)))
		seen := map[string]bool{}
		for _, n := range all(doc, sel("", "id")) {
			id, _ := attr(n, "id")
			if seen[id] {
				t.Errorf("id %q appears twice", id)
			}
			seen[id] = true
		}
	}
}

func TestPageHasNoInlineStyleOrScript(t *testing.T) {
	doc := render(t, LabPage(page("ko", opts, sample.Crowded())))
	if n := all(doc, sel("", "style")); len(n) > 0 {
		t.Errorf("%d elements carry a style attribute (the CSP forbids them)", len(n))
	}
	if n := all(doc, sel("style")); len(n) > 0 {
		t.Errorf("%d <style> elements", len(n))
	}
	for _, s := range all(doc, sel("script")) {
		if _, ok := attr(s, "src"); !ok {
			t.Error("an inline <script>")
		}
	}
	for _, n := range all(doc, func(n *html.Node) bool { return n.Type == html.ElementNode }) {
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s %s> is an inline handler", n.Data, a.Key)
			}
		}
	}
}

func TestFragmentsRenderTheirOwnIDAtTheRoot(t *testing.T) {
	p := page("en", opts, sample.Forked())
	full := render(t, LabPage(p))
	for _, f := range Fragments(p) {
		t.Run(f.ID, func(t *testing.T) {
			out := renderString(t, f.Component)
			if !strings.Contains(out[:min(len(out), 200)], `id="`+f.ID+`"`) {
				t.Errorf("fragment %s does not start with its id: %.120s", f.ID, out)
			}
			one(t, full, sel("", "id="+f.ID), "element "+f.ID+" on the full page")
		})
	}
}

var hangul = regexp.MustCompile(`\p{Hangul}`)

func TestLanguageChangesEveryVisibleString(t *testing.T) {
	en := visibleText(render(t, LabPage(page("en", opts, sample.Forked()))))
	ko := visibleText(render(t, LabPage(page("ko", opts, sample.Forked()))))
	for _, s := range en {
		if hangul.MatchString(s) && !strings.Contains(s, "한국어") {
			t.Errorf("English page shows Korean %q", s)
		}
	}
	// Every English phrase of two or more words must be gone from the Korean
	// page (addresses, register names and "COW" are the same in both).
	koAll := strings.Join(ko, "\n")
	for _, s := range en {
		if len(strings.Fields(s)) >= 2 && hasWord(s) && strings.Contains(koAll, s) && s != "English" {
			t.Errorf("Korean page still shows the English %q", s)
		}
	}
	doc := render(t, LabPage(page("ko", opts, sample.Forked())))
	if l, _ := attr(one(t, doc, sel("html"), "html"), "lang"); l != "ko" {
		t.Errorf("<html lang> = %q, want ko", l)
	}
}

func hasWord(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) && r < unicode.MaxASCII {
			letters++
		}
	}
	return letters >= 4 && !strings.HasPrefix(strings.TrimSpace(s), "0x")
}

// visibleText collects the text nodes outside <code>, <script> and <title>
// (code is the program and addresses: the same in every language).
func visibleText(doc *html.Node) []string {
	var out []string
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, skip bool) {
		if n.Type == html.ElementNode && (n.Data == "code" || n.Data == "script" || n.Data == "kbd" || n.Data == "textarea" || n.Data == "option") {
			skip = true
		}
		if n.Type == html.TextNode && !skip {
			if s := strings.Join(strings.Fields(n.Data), " "); s != "" {
				out = append(out, s)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, skip)
		}
	}
	walk(doc, false)
	return out
}

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

func TestCatalogsAreComplete(t *testing.T) {
	enV, koV := reflect.ValueOf(*Catalogs["en"]), reflect.ValueOf(*Catalogs["ko"])
	for i := range enV.NumField() {
		f := enV.Type().Field(i)
		e, k := enV.Field(i), koV.Field(i)
		switch f.Type.Kind() {
		case reflect.String:
			if e.String() == "" || k.String() == "" {
				t.Errorf("%s is empty in en %q or ko %q", f.Name, e.String(), k.String())
			}
			if ev, kv := verb.FindAllString(e.String(), -1), verb.FindAllString(k.String(), -1); strings.Join(ev, "") != strings.Join(kv, "") {
				t.Errorf("%s: verbs en %v, ko %v", f.Name, ev, kv)
			}
		case reflect.Map:
			if ek, kk := mapKeys(e), mapKeys(k); ek != kk {
				t.Errorf("%s keys: en %s, ko %s", f.Name, ek, kk)
			}
		case reflect.Slice:
			if e.Len() != k.Len() || e.Len() == 0 {
				t.Errorf("%s: en has %d entries, ko %d", f.Name, e.Len(), k.Len())
			}
		}
	}
}

func mapKeys(v reflect.Value) string {
	var ks []string
	for _, k := range v.MapKeys() {
		ks = append(ks, k.String())
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

func TestNarrationSaysEveryEventInBothLanguages(t *testing.T) {
	kinds := []string{"thread-created", "process-forked", "cow-fault", "page-fault", "segfault", "process-exited",
		"thread-exited", "zombie", "reaped", "adopted", "switch", "exec", "malloc", "free", "write", "call", "ret",
		"blocked", "woken", "killed", "halt", "error", "pipe-created", "pipe-write", "pipe-read", "close", "shm-mapped",
		"lock", "unlock", "atomic-add", "signal", "deadlock", "all-blocked", "stopped", "oom-kill", "cow-reuse"}
	for _, k := range kinds {
		t.Run(k, func(t *testing.T) {
			e := Event{Kind: k, Pid: 2, Tid: 3, Other: 4, Addr: "0x555555558010", Start: "0x7ffff77ff000", End: "0x7ffff7fff000",
				Size: "8 MiB", OldFrame: 7, NewFrame: 13, Value: 7, Name: "counter", Switch: "thread", Cost: "2.9 µs", ErrCode: "ESRCH", FD: 3, Object: 1, Tids: []int{2, 3}}
			en, ko := For("en").Narrate(e), For("ko").Narrate(e)
			if strings.Contains(en, k+" (") || strings.Contains(ko, k+" (") {
				t.Errorf("no sentence for %s: en %q ko %q", k, en, ko)
			}
			if !hangul.MatchString(ko) || hangul.MatchString(en) {
				t.Errorf("languages mixed up: en %q ko %q", en, ko)
			}
			if strings.Contains(en, "%!") || strings.Contains(ko, "%!") {
				t.Errorf("bad format: en %q ko %q", en, ko)
			}
		})
	}
	t.Run("cow-fault names both frames", func(t *testing.T) {
		e := Event{Kind: "cow-fault", Pid: 4, Addr: "0x555555558010", OldFrame: 7, NewFrame: 13}
		want := "Process 4 wrote to a shared page at 0x555555558010: copy-on-write copied frame 7 to frame 13, so the other process keeps its value."
		if got := For("en").Narrate(e); got != want {
			t.Errorf("got  %q\nwant %q", got, want)
		}
	})
}

func TestNarrationOfAnUntilSaysWhyItStopped(t *testing.T) {
	for _, c := range []struct {
		name, why string
		ran       int64
		en, ko    string
	}{
		{"one instruction to a switch", "switch", 1, "Ran 1 instruction and stopped at the context switch.", "명령어 1개를 실행하고 문맥 교환에서 멈췄습니다."},
		{"many instructions to a switch", "switch", 37, "Ran 37 instructions and stopped at the context switch.", "명령어 37개를 실행하고 문맥 교환에서 멈췄습니다."},
		{"nothing left to run", "halt", 0, "Nothing ran: no thread can run (every one has halted, exited or is blocked).", "실행할 수 있는 스레드가 없어 아무것도 실행하지 않았습니다 (모두 멈췄거나 종료했거나 기다리는 중)."},
		{"ran until all stopped", "halt", 12, "Ran 12 instructions and stopped: no thread can run any more (every one has halted, exited or is blocked).", "명령어 12개를 실행하고 멈췄습니다: 더 이상 실행할 수 있는 스레드가 없습니다 (모두 멈췄거나 종료했거나 기다리는 중)."},
		{"the command's limit came first", "limit", 100000, "Ran 100000 instructions and stopped at the limit of one command: threads can still run.", "명령어 100000개를 실행하고 한 번에 실행할 수 있는 한도에서 멈췄습니다: 아직 실행할 수 있는 스레드가 있습니다."},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := Event{Kind: "stopped", Name: c.why, Value: c.ran, Pid: -1, Tid: -1}
			if got := For("en").Narrate(e); got != c.en {
				t.Errorf("en:\n got  %q\n want %q", got, c.en)
			}
			if got := For("ko").Narrate(e); got != c.ko {
				t.Errorf("ko:\n got  %q\n want %q", got, c.ko)
			}
		})
	}
}

// The share dialog builds its links from what the page says: the base path
// on <body>, and the lesson the lab runs now on the lesson panel (redrawn
// by every load, so a lesson picked later is the one shared).
func TestPageTellsTheShareDialogItsBasePathAndLesson(t *testing.T) {
	for _, c := range []struct {
		name, base, lesson string
	}{
		{"a lesson under a base path", "/procscope", "fork-cow"},
		{"the free lab at the root", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			lab := sample.Fresh()
			lab.Lesson = LessonText{Name: c.lesson, Title: "Fork", Text: "text"}
			p := page("en", opts, lab)
			p.BasePath = c.base
			doc := render(t, LabPage(p))
			if got, ok := attr(one(t, doc, sel("body"), "body"), "data-base-path"); !ok || got != c.base {
				t.Errorf("body data-base-path = %q (present %v), want %q", got, ok, c.base)
			}
			if got, ok := attr(one(t, doc, sel("section", "id=lesson"), "lesson panel"), "data-current-lesson"); !ok || got != c.lesson {
				t.Errorf("lesson panel data-current-lesson = %q (present %v), want %q", got, ok, c.lesson)
			}
		})
	}
}

// A descriptor's commands act from the thread the view names: the
// template takes ActorTid as given and decides nothing.
func TestDescriptorCommandsActFromTheViewsActor(t *testing.T) {
	lab := sample.Fresh()
	for i := range lab.Procs {
		if lab.Procs[i].Pid == 2 {
			lab.Procs[i].FDs = []FD{{FD: 3, Pipe: 1, End: "write"}}
			lab.Procs[i].ActorTid = 42
		}
	}
	doc := render(t, LabPage(page("en", opts, lab)))
	for _, id := range []string{"p2-fd3-write", "p2-fd3-close"} {
		if got, _ := attr(one(t, doc, sel("button", "id="+id), id), "data-tid"); got != "42" {
			t.Errorf("%s acts from thread %q, want the view's 42", id, got)
		}
	}
}

func TestAdoptedProcessShowsItsBadge(t *testing.T) {
	doc := render(t, LabPage(page("ko", opts, sample.Crowded())))
	card := one(t, doc, sel("div", ".tgroup", "data-pid=61"), "orphan 61's card")
	if b := all(card, sel("span", ".adopted")); len(b) != 1 || text(b[0]) != "입양됨" {
		t.Errorf("orphan 61's card has %d adopted badges, want one reading 입양됨", len(b))
	}
	if b := all(one(t, doc, sel("div", ".tgroup", "data-pid=2"), "pid 2's card"), sel("span", ".adopted")); len(b) != 0 {
		t.Errorf("pid 2 was never orphaned but shows an adopted badge")
	}
}
