package sim

// Frames that "call deeper" pushes: a return address, the saved frame
// pointer and a block of locals. 272 bytes in linux-x86_64 is the frame
// size the facts' overflow experiment measured; the ostep profile uses two
// words of locals.
func (m *Machine) localsSize() int64 {
	if m.profile.Flat {
		return 2 * m.profile.WordSize
	}
	return 256
}

// maxFrameRecords bounds the call-frame records kept per thread for the
// view; deeper frames still exist in memory, they are just not listed.
const maxFrameRecords = 1 << 16

// callDeeper pushes n frames on t's stack, each writing its return
// address, saved frame pointer and lowest local, so a frame that reaches
// the guard page faults: SIGSEGV for the whole process. It reports whether
// t's process is still alive.
func (m *Machine) callDeeper(t *thread, n int64) bool {
	w := m.profile.WordSize
	top := uint64(t.regs[RegSP])
	for i := int64(0); i < n; i++ {
		sp := t.regs[RegSP]
		f := CallFrame{ReturnAddr: t.pc, SavedBP: uint64(t.regs[RegBP]), End: uint64(sp), Label: "deeper"}
		for _, st := range []struct {
			at int64
			v  int64
		}{{sp - w, int64(t.pc)}, {sp - 2*w, t.regs[RegBP]}, {sp - 2*w - m.localsSize(), i}} {
			if fault := m.write(t, uint64(st.at), st.v); fault != FaultNone {
				m.segfault(t, uint64(st.at), fault)
				return false
			}
		}
		t.regs[RegBP] = sp - 2*w
		t.regs[RegSP] = sp - 2*w - m.localsSize()
		f.Start = uint64(t.regs[RegSP])
		t.pushFrame(f)
	}
	m.emit(Event{Kind: EvCall, Pid: t.p.pid, Tid: t.tid, Addr: uint64(t.regs[RegSP]), Start: uint64(t.regs[RegSP]), End: top,
		Value: n, Name: "deeper", Cost: uint64(n) * 5})
	return true
}

// retFrames pops n frames pushed by callDeeper (or by call instructions).
func (m *Machine) retFrames(t *thread, n int64) *Error {
	if int64(len(t.frames)) < n {
		return errorf(ErrInvalid, "tid %d has %d call frames, cannot return from %d", t.tid, len(t.frames), n)
	}
	start := uint64(t.regs[RegSP])
	for i := int64(0); i < n; i++ {
		f := t.frames[len(t.frames)-1]
		t.frames = t.frames[:len(t.frames)-1]
		t.regs[RegSP] = int64(f.End)
		t.regs[RegBP] = int64(f.SavedBP)
		t.pc = f.ReturnAddr
	}
	m.emit(Event{Kind: EvRet, Pid: t.p.pid, Tid: t.tid, Addr: uint64(t.regs[RegSP]), Start: start, End: uint64(t.regs[RegSP]), Value: n})
	return nil
}

func (t *thread) pushFrame(f CallFrame) {
	if len(t.frames) < maxFrameRecords {
		t.frames = append(t.frames, f)
	}
}

// segfault reports the faulting access and kills t's whole process with
// SIGSEGV (every thread dies; the parent keeps running).
func (m *Machine) segfault(t *thread, addr uint64, f Fault) {
	if f == FaultKilled {
		return // the OOM killer's SIGKILL already ended the process
	}
	m.emit(Event{Kind: EvSegfault, Pid: t.p.pid, Tid: t.tid, Addr: addr, Signal: SIGSEGV, Name: f.String()})
	m.signal(t.p, SIGSEGV, 0)
}
