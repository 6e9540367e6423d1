package templates_test

import (
	"strings"
	"testing"

	. "procscope/templates"
)

// onAxis is a lab of one process.
func onAxis(p Process) Lab { return Lab{Procs: []Process{p}} }

func stackRow() Process {
	return Process{Pid: 2, Map: []MapRow{{Kind: "stack", Start: "0x7ffffffde000", End: "0x7ffffffff000", Size: "132 KiB", Perm: "rw-", Owner: 2,
		OuterFrames: 3,
		Frames: []StackFrame{
			{Func: "f", Addr: "0x7fffffffdfe8", Ret: "0x555555555014", SavedBP: "0x0", Size: "8 B",
				Locals: []Local{{Name: "0x7fffffffdfe0", Value: "9"}, {Name: "0x7fffffffdfd8", Value: "10"}}},
			{Func: "deeper", Addr: "0x7fffffffe000", Ret: "0x555555555000", SavedBP: "0x7fffffffe110", Size: "272 B"},
		}}}}
}

// A stack frame shows its return address, saved bp and each stored word as
// address: value under a "locals" label, in both languages, and counts the
// outer frames it leaves out.
func TestStackFrameShowsReturnAddressSavedBPAndLocals(t *testing.T) {
	for _, tc := range []struct{ lang, locals, ret, bp, outer string }{
		{"en", "locals", "return to", "saved bp", "3 outer frames not shown"},
		{"ko", "지역 변수", "복귀 주소", "저장된 bp", "바깥 프레임 3개 생략"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			doc := render(t, AddressSpaces(For(tc.lang), Options{}, onAxis(stackRow())))
			list := one(t, doc, sel("ol", "data-testid=stack-frames"), "stack frames")
			frames := all(list, sel("li", ".sframe"))
			if len(frames) != 3 {
				t.Fatalf("%d frame rows, want 2 frames and the outer-frame count", len(frames))
			}
			f := text(frames[0])
			for _, want := range []string{"f", tc.ret + " 0x555555555014", tc.bp + " 0x0", tc.locals + ":", "0x7fffffffdfe0: 9 0x7fffffffdfd8: 10"} {
				if !strings.Contains(f, want) {
					t.Errorf("first frame reads %q, want %q", f, want)
				}
			}
			if got := len(all(frames[0], sel("code"))); got != 6 {
				t.Errorf("first frame has %d code spans, want 6 (name, base, return, bp, 2 words)", got)
			}
			if strings.Contains(text(frames[1]), tc.locals) {
				t.Errorf("a frame without words shows a locals label: %q", text(frames[1]))
			}
			if got := text(one(t, list, sel("li", "data-testid=outer-frames"), "outer frames")); !strings.Contains(got, tc.outer) {
				t.Errorf("outer frames read %q, want %q", got, tc.outer)
			}
			if s := renderString(t, AddressSpaces(For(tc.lang), Options{}, onAxis(stackRow()))); strings.Contains(s, "style=") {
				t.Error("stack frames use an inline style")
			}
		})
	}
}
