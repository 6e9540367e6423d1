package sim

// Change counters: every process and thread carries a version, bumped
// whenever what the machine's State says of it may have changed, so that
// a view of the machine can keep what it drew of a process whose version
// is as it was, instead of building and comparing it again on every step
// (viewmodel's cache). Versions come from one counter per machine (gen),
// so a process that replaces another under the same pid never shows an
// old version; they are deterministic and travel with Clone, so a replay
// reaches the same versions as the first run did.
//
// The rule is coarse on purpose, so that no mutation can be missed: an
// instruction that only computes in its own thread (registers, flags,
// pc, a call frame, memory of its own process) and caused no event
// touches its thread and process, and, when it wrote memory, the other
// threads of the process (their call frames show that memory); a switch
// touches the thread it takes off a CPU and the one it puts there (put:
// their states, CPUs and the switch's cost); anything else — a system
// call, a library call, a fault, an event other than a switch, a thread
// that ended or blocked, any command other than a run — touches every
// process and thread. TestVersionsMoveWithTheState checks the rule against the
// State over random programs.

// A process also has a shape, a second counter that only what is not a
// local instruction moves: while it holds, the process changed at most in
// its threads' registers, flags, lines, call frames and CPU time and in
// the values in its memory — not its regions, pages, descriptors, heap,
// state or its threads' states and CPUs. A view keeps what it drew of
// those (the address axis's region cells) by shape.

// A process's layout, a third counter, moves only with what is neither
// a local instruction nor a switch: while it holds, the process changed
// at most as its shape allows and in its threads' states and CPUs — not
// its regions, pages, heap, descriptors, name, parent or state. A view
// keeps what it drew of its memory map (the address axis's rows and
// cells) by layout, which a switch, frequent in a lab of several
// threads, does not move.

// The instructions mark what they change (a flag per thread and two per
// process, a store each) and Apply gives every marked process and thread
// one new number at its end (settle): versions are only read between
// commands, and the interpreter's loop stays as fast as it was.

// touch marks t, and its process, as changed.
func (m *Machine) touch(t *thread) { t.dirty = true }

// touchSwitch marks t, and its process and shape, as changed: a switch
// moves a thread's state and CPU.
func (m *Machine) touchSwitch(t *thread) {
	t.dirty = true
	t.p.reshaped = true
}

// touchAll marks every process and thread as changed, shapes included.
func (m *Machine) touchAll() { m.changedAll = true }

// localOp says whether an instruction acts only on its own thread and its
// process's memory: arithmetic, moves, jumps, stack and calls, x86.py's
// atomic exchange and add — not a system or library call, a halt or a
// yield.
func localOp(op Opcode) bool {
	return op <= OpFetchAdd || op >= OpDiv && op <= OpCallR
}

// touchAfter applies the rule above to the instruction t just ran on a
// CPU: r is what it asked of the scheduler, events how many events the
// machine had emitted before it. (execOne marks a call that is not
// local, and a write to memory, itself.)
func (m *Machine) touchAfter(t *thread, r rc, events uint64) {
	if r != rcOK || m.emitted != events {
		m.changedAll = true
		return
	}
	t.dirty = true
}

// settled says whether every change since the last command is numbered
// as far as layouts go: between commands, and within a run until an
// instruction does what moves every layout. ViewState shares what it
// made at a layout only while settled.
func (m *Machine) settled() bool { return !m.changedAll }

// settle gives what was marked changed since the last command a new
// number, and clears the marks.
func (m *Machine) settle() {
	m.gen++
	all := m.changedAll
	if all {
		m.layoutGen = m.gen
	}
	for _, p := range m.procs {
		changed := all || p.wroteMem || p.reshaped
		for _, t := range p.threads {
			if all || p.wroteMem || t.dirty {
				t.ver, changed = m.gen, true
			}
			t.dirty = false
		}
		if changed {
			p.ver = m.gen
		}
		if all || p.reshaped {
			p.shape = m.gen
		}
		if all {
			p.layout = m.gen
		}
		p.wroteMem, p.reshaped = false, false
	}
	m.changedAll = false
}
