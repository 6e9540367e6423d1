package sim

import "testing"

func applyAll(t *testing.T, m *Machine, lines ...string) {
	t.Helper()
	for _, l := range lines {
		c, err := ParseCommand(l)
		if err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		for _, e := range m.Apply(c) {
			if e.Kind == EvError {
				t.Fatalf("%q: %v", l, e.Err)
			}
		}
	}
}

func mainThread(t *testing.T, m *Machine, pid int) ThreadState {
	t.Helper()
	for _, p := range m.State().Processes {
		if p.Pid == pid && len(p.Threads) > 0 {
			return p.Threads[0]
		}
	}
	t.Fatalf("no pid %d", pid)
	return ThreadState{}
}

// A call instruction's frame holds its return address; words the callee
// pushes sit below it in the same frame, and the caller's pushes (its
// arguments) stay above End, in memory at the addresses they were pushed to.
func TestCallFrameShowsReturnAddressAndPushedWords(t *testing.T) {
	const prog = ".main\nmov $7, %ax\npush %ax\nmov $8, %ax\npush %ax\ncall .f\nhalt\n.f\nmov $9, %ax\npush %ax\nmov $10, %ax\npush %ax\nhalt\n"
	m := newMachine(t, Config{Program: prog})
	sp0 := uint64(mainThread(t, m, 2).Regs.SP)
	applyAll(t, m, "step 9")
	th := mainThread(t, m, 2)
	if len(th.Frames) != 1 || th.MoreFrames != 0 {
		t.Fatalf("frames = %+v (+%d), want one", th.Frames, th.MoreFrames)
	}
	f := th.Frames[0]
	const w = 8
	if f.End != sp0-2*w || f.Start != sp0-3*w {
		t.Errorf("frame [%#x,%#x), want [%#x,%#x)", f.Start, f.End, sp0-3*w, sp0-2*w)
	}
	want := []StackWord{{sp0 - 3*w, int64(f.ReturnAddr)}, {sp0 - 4*w, 9}, {sp0 - 5*w, 10}}
	if len(f.Words) != len(want) {
		t.Fatalf("words = %+v, want %+v", f.Words, want)
	}
	for i := range want {
		if f.Words[i] != want[i] {
			t.Errorf("word %d = {%#x %d}, want {%#x %d}", i, f.Words[i].Addr, f.Words[i].Value, want[i].Addr, want[i].Value)
		}
	}
	if f.ReturnAddr == 0 || f.Label != "f" {
		t.Errorf("return address %#x, label %q", f.ReturnAddr, f.Label)
	}
	for i, v := range []int64{7, 8} {
		if got, ok := m.Peek(2, sp0-uint64(i+1)*w); !ok || got != v {
			t.Errorf("argument %d at %#x = %d (%v), want %d", i, sp0-uint64(i+1)*w, got, ok, v)
		}
	}
}

// "call 2 3" pushes three frames, each with its return address and saved
// bp at the top; every outer frame's saved bp points into the frame above.
func TestCallDeeperFramesShowReturnAddressAndSavedBP(t *testing.T) {
	m := newMachine(t, Config{Seed: 1})
	applyAll(t, m, "fork 1", "call 2 3")
	th := mainThread(t, m, 2)
	if len(th.Frames) != 3 {
		t.Fatalf("%d frames, want 3", len(th.Frames))
	}
	for i, f := range th.Frames {
		t.Run("frame "+string(rune('0'+i)), func(t *testing.T) {
			if len(f.Words) != MaxFrameWords {
				t.Fatalf("words = %+v, want %d", f.Words, MaxFrameWords)
			}
			if f.Words[0] != (StackWord{f.End - 8, int64(f.ReturnAddr)}) {
				t.Errorf("top word %+v, want return address %#x at %#x", f.Words[0], f.ReturnAddr, f.End-8)
			}
			if f.Words[1] != (StackWord{f.End - 16, int64(f.SavedBP)}) {
				t.Errorf("second word %+v, want saved bp %#x at %#x", f.Words[1], f.SavedBP, f.End-16)
			}
			if i > 0 && f.SavedBP != th.Frames[i-1].End-16 {
				t.Errorf("saved bp %#x, want the caller's bp %#x", f.SavedBP, th.Frames[i-1].End-16)
			}
		})
	}
}

// Only the innermost MaxStateFrames frames are listed; the rest are counted.
func TestDeepStackListsInnermostFramesAndCountsTheRest(t *testing.T) {
	m := newMachine(t, Config{Seed: 1})
	applyAll(t, m, "fork 1", "call 2 100")
	th := mainThread(t, m, 2)
	if len(th.Frames) != MaxStateFrames || th.MoreFrames != 100-MaxStateFrames {
		t.Fatalf("%d frames + %d more, want %d + %d", len(th.Frames), th.MoreFrames, MaxStateFrames, 100-MaxStateFrames)
	}
	if last := th.Frames[len(th.Frames)-1]; last.Start != uint64(th.Regs.SP) {
		t.Errorf("last listed frame starts at %#x, want the innermost at sp %#x", last.Start, th.Regs.SP)
	}
}
