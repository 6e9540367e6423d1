package templates_test

import (
	"strings"
	"testing"

	"procscope/templates"
)

// cProgram is a two-line C listing: line 1 declares counter, line 2 is
// where the parent's T2 and the forked child's T4 stand.
func cProgram() templates.Program {
	return templates.Program{
		Name: "main", Language: "c", Source: "int counter;\ncounter++;",
		Lines: []templates.SourceLine{
			{N: 1, Text: "int counter;", Tokens: []templates.Token{{Text: "int "}, {Text: "counter", Sym: "counter"}, {Text: ";"}}},
			{N: 2, Text: "counter++;", Hue: 3, Tokens: []templates.Token{{Text: "counter", Sym: "counter"}, {Text: "++;"}},
				Threads: []templates.ThreadMark{{Tid: 2, Pid: 2, Color: 2, Instr: 7}, {Tid: 4, Pid: 4, Color: 4, Instr: 8}}},
		},
		Asm: []templates.AsmLine{{Line: 2, Hue: 3, Runs: [][]templates.AsmInstr{
			{{Index: 7, Addr: "0x401c", Text: "movl counter, %ax"}, {Index: 8, Addr: "0x4020", Text: "add $1, %ax"}},
		}}},
		Symbols: []templates.Symbol{
			{ID: "counter", Name: "counter", Kind: "global", Section: ".bss", Addr: "0x4010", VPage: "0x4000", Type: "int", Line: 1},
			{ID: "main/i/-4", Name: "i", Kind: "local", Type: "int", Line: 2, Func: "main"},
		},
	}
}

func TestTheCListingMarksEachThreadWithItsProcess(t *testing.T) {
	doc := render(t, templates.ProgramView(templates.For("en"), cProgram()))
	one(t, doc, sel("div", "id=program-view", "data-language=c"), "the C listing")
	marks := all(doc, sel("span", ".tmark"))
	if len(marks) != 2 {
		t.Fatalf("%d marks, want the parent's and the child's", len(marks))
	}
	for i, want := range []string{"T2 P2", "T4 P4"} {
		if got := text(marks[i]); got != want {
			t.Errorf("mark %d reads %q, want %q", i, got, want)
		}
	}
	if v, _ := attr(marks[1], "data-instr"); v != "8" {
		t.Errorf("the child's mark names instruction %q, want 8", v)
	}
	one(t, doc, sel("li", "data-line=2", ".hue-3", ".current"), "line 2 in hue 3")
	if n := len(all(doc, sel("span", ".sym", "data-sym=counter"))); n != 2 {
		t.Errorf("counter is linked %d times, want 2", n)
	}
	if got := text(all(doc, sel("code", ".code"))[0]); got != "int counter;" {
		t.Errorf("line 1 reads %q", got)
	}
}

func TestTheProgramCodeHoldsEachLinesAssemblyAndEachVariable(t *testing.T) {
	for _, lang := range []string{"en", "ko"} {
		cat := templates.For(lang)
		doc := render(t, templates.ProgramCode(cat, cProgram()))
		asm := one(t, doc, sel("div", ".asm", ".hue-3", "data-asm-line=2"), "line 2's assembly")
		if got := text(asm); !strings.Contains(got, "0x401c movl counter, %ax") || !strings.Contains(got, templates.F(cat.Prog.AsmOf, 2)) {
			t.Errorf("%s: line 2's assembly reads %q", lang, got)
		}
		one(t, doc, sel("li", "data-instr=8"), "instruction 8")
		g := one(t, doc, sel("li", ".sym-info", "data-sym-info=counter", "data-vpage=0x4000", "data-line=1"), "counter's info")
		want := map[string][]string{"en": {"global variable", ".bss", "0x4010"}, "ko": {"전역 변수", ".bss", "0x4010"}}[lang]
		for _, w := range want {
			if !strings.Contains(text(g), w) {
				t.Errorf("%s: counter's info %q lacks %q", lang, text(g), w)
			}
		}
		l := one(t, doc, sel("li", ".sym-info", "data-sym-info=main/i/-4"), "i's info")
		if _, ok := attr(l, "data-vpage"); ok || !strings.Contains(text(l), "main") {
			t.Errorf("%s: a local's info %q has a page or lacks its function", lang, text(l))
		}
	}
	// assembly has none of it
	doc := render(t, templates.ProgramCode(templates.For("en"), templates.Program{Language: "asm"}))
	if n := len(all(doc, sel("", ".asm"))) + len(all(doc, sel("", ".sym-info"))); n != 0 {
		t.Errorf("an assembly program has %d assembly or symbol parts", n)
	}
}

func TestTheTerminalMarksEachLineByItsWriter(t *testing.T) {
	term := templates.Terminal{Show: true, Lines: []templates.TermLine{
		{Parts: []templates.TermPart{{Pid: 2, Text: "hello "}, {Pid: 4, Text: "world"}}},
		{Parts: []templates.TermPart{{Pid: 4, Text: "oops", Err: true}}, Open: true},
	}}
	for _, tt := range []struct{ lang, say string }{
		{"en", "Process 2 printed: hello  Process 4 printed: world"},
		{"ko", "프로세스 2의 출력: hello  프로세스 4의 출력: world"},
	} {
		doc := render(t, templates.TerminalPanel(templates.For(tt.lang), term))
		one(t, doc, sel("div", "role=log"), "the log region")
		lines := all(doc, sel("li", ".term-line"))
		if len(lines) != 2 {
			t.Fatalf("%d lines, want 2", len(lines))
		}
		if p, _ := attr(lines[0], "data-pids"); p != "2 4" {
			t.Errorf("line 1 written by %q, want 2 4", p)
		}
		if got := text(one(t, lines[0], sel("span", ".visually-hidden"), "the sentence")); got != strings.Join(strings.Fields(tt.say), " ") {
			t.Errorf("%s: line 1 is said %q, want %q", tt.lang, got, tt.say)
		}
		one(t, lines[1], sel("span", ".stderr", "data-pid=4"), "stderr text")
	}
	doc := render(t, templates.TerminalPanel(templates.For("en"), templates.Terminal{}))
	if s := one(t, doc, sel("section", "id=terminal"), "the placeholder"); s.FirstChild != nil {
		t.Error("a hidden terminal has content")
	} else if _, ok := attr(s, "hidden"); !ok {
		t.Error("the terminal of an assembly lab is not hidden")
	}
}

// CachedProgramCode renders what ProgramCode does, in each language.
func TestCachedProgramCodeIsProgramCode(t *testing.T) {
	p := cProgram()
	p.Key = "test-key"
	for _, lang := range []string{"en", "ko", "en"} {
		cat := templates.For(lang)
		if got, want := renderString(t, templates.CachedProgramCode(cat, p)), renderString(t, templates.ProgramCode(cat, p)); got != want {
			t.Errorf("%s: the cached markup differs:\n%s\nwant\n%s", lang, got, want)
		}
	}
}
