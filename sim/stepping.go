package sim

// Source-level stepping, for C programs (whose instructions carry C line
// numbers): next, step-in and finish run the machine — every CPU, as
// step does, so other threads move too — until the named thread arrives:
//
//	step-in TID  its next instruction is on another source line (entering
//	             a call counts)
//	next TID     its next instruction is on another line of the same or
//	             an outer function (calls are stepped over)
//	finish TID   the function it is in has returned
//
// They stop too when the thread ends or blocks with nothing else to run,
// and at their bound (MAX, default Limits.MaxStepsPerCommand). Like step
// and until, their ticks are the instructions they ran, so back and goto
// replay them exactly (a cut replays them with a smaller bound).

// Why a line step stopped (Event.Name of EvStopped).
const (
	StopLine   = "line"   // the thread reached another line
	StopReturn = "return" // finish: the function returned
	StopGone   = "gone"   // the thread ended
)

func isLineStep(op string) bool { return op == CmdNext || op == CmdStepIn || op == CmdFinish }

// lineOf is the source line of thread t's next instruction (0: none).
func (t *thread) lineOf() int {
	l := t.p.code
	off := t.pc - l.base
	idx := off >> l.shift
	if off&(1<<l.shift-1) != 0 || idx >= uint64(len(l.code)) {
		return 0
	}
	return l.code[idx].Line
}

// runLines runs a next, step-in or finish for at most n instructions.
func (m *Machine) runLines(c Command, n int64) {
	t, err := m.thread(c.Tid)
	if err != nil {
		m.fail(m.pidOf(c), c.Tid, err)
		return
	}
	tid, line, depth := t.tid, t.lineOf(), len(t.frames)
	why := UntilLimit
	m.stopWhen = func() bool {
		cur := m.tids[tid]
		if cur == nil {
			why = StopGone
			return true
		}
		l, d := cur.lineOf(), len(cur.frames)
		switch c.Op {
		case CmdFinish:
			if d < depth {
				why = StopReturn
				return true
			}
		case CmdNext:
			if l != 0 && (d < depth || d == depth && l != line) {
				why = StopLine
				return true
			}
		default:
			if l != 0 && (l != line || d != depth) {
				why = StopLine
				return true
			}
		}
		return false
	}
	done := m.runUntil(n, "")
	m.stopWhen = nil
	if why == UntilLimit && !m.anyRunnable() {
		why = UntilHalt
	}
	m.emit(Event{Kind: EvStopped, Tid: tid, Name: why, Value: done})
}
