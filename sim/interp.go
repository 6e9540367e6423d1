package sim

import "fmt"

// rc is what an instruction asks of the scheduler, as x86.py's return codes.
type rc uint8

const (
	rcOK    rc = iota
	rcHalt     // the thread ended
	rcYield    // give up the CPU now
	rcBlock    // the thread is waiting
	rcGone     // the thread's process died or was replaced
)

var rcReasons = [...]string{rcHalt: "halt", rcYield: "yield", rcBlock: "block", rcGone: "exit"}

// ea computes an effective address: disp + base + scale*index, wrapping.
func ea(t *thread, a *Arg) uint64 {
	return uint64(a.Disp + t.regs[a.Base] + a.Scale*t.regs[a.Index])
}

// load reads an operand's value; a memory fault is recorded in m.flt.
func (m *Machine) load(t *thread, a *Arg) int64 {
	switch a.Kind {
	case ArgReg:
		return t.regs[a.Reg]
	case ArgImm:
		return a.Imm
	case ArgMem:
		addr := ea(t, a)
		v, f := m.read(t, addr)
		if f != FaultNone {
			m.flt, m.fltAddr = f, addr
		}
		return v
	}
	return 0
}

// store writes an operand.
func (m *Machine) store(t *thread, a *Arg, v int64) {
	switch a.Kind {
	case ArgReg:
		t.regs[a.Reg] = v
	case ArgMem:
		m.storeAt(t, ea(t, a), v)
	}
}

func (m *Machine) storeAt(t *thread, addr uint64, v int64) {
	if f := m.write(t, addr, v); f != FaultNone {
		m.flt, m.fltAddr = f, addr
		return
	}
	t.p.wroteMem = true // changes.go
	if m.obs != nil {
		m.obsWrite, m.obsAddr, m.obsVal = true, addr, v
	}
}

// testCC sets the condition codes the way x86.py's test_all(src, dst) does.
func testCC(src, dst int64) uint8 {
	var cc uint8
	switch {
	case dst > src:
		cc = ccGT | ccGTE | ccNEQ
	case dst < src:
		cc = ccLT | ccLTE | ccNEQ
	default:
		cc = ccGTE | ccLTE | ccEQ
	}
	return cc
}

var jumpCC = [numOpcodes]uint8{OpJe: ccEQ, OpJne: ccNEQ, OpJlt: ccLT, OpJlte: ccLTE, OpJgt: ccGT, OpJgte: ccGTE}

// execOne fetches, advances pc, and executes one instruction of t.
func (m *Machine) execOne(c int, t *thread) rc {
	code := t.p.code
	off := t.pc - code.base
	idx := off >> code.shift
	if off&(1<<code.shift-1) != 0 || idx >= uint64(len(code.code)) {
		m.segfault(t, t.pc, FaultUnmapped)
		return rcGone
	}
	in := &code.code[idx]
	pc := t.pc
	t.pc += 1 << code.shift
	r := rcOK
	w := m.profile.WordSize
	switch in.Op {
	case OpNop:
	case OpMov:
		m.store(t, &in.B, m.load(t, &in.A))
	case OpAdd:
		m.store(t, &in.B, m.load(t, &in.B)+m.load(t, &in.A))
	case OpSub:
		m.store(t, &in.B, m.load(t, &in.B)-m.load(t, &in.A))
	case OpMul:
		m.store(t, &in.B, m.load(t, &in.B)*m.load(t, &in.A))
	case OpNeg:
		m.store(t, &in.A, -m.load(t, &in.A))
	case OpLea:
		m.store(t, &in.B, int64(ea(t, &in.A)))
	case OpTest:
		t.cc = testCC(m.load(t, &in.A), m.load(t, &in.B))
	case OpJmp:
		t.pc = code.addrOf(in.A.Target)
	case OpJe, OpJne, OpJlt, OpJlte, OpJgt, OpJgte:
		if t.cc&jumpCC[in.Op] != 0 {
			t.pc = code.addrOf(in.A.Target)
		}
	case OpPush:
		v := m.load(t, &in.A)
		if in.A.Kind == ArgMem { // x86.py pushes the operand's address, not its value
			v = int64(ea(t, &in.A))
		}
		t.regs[RegSP] -= w
		m.storeAt(t, uint64(t.regs[RegSP]), v)
	case OpPop:
		if in.A.Kind == ArgReg {
			v, f := m.read(t, uint64(t.regs[RegSP]))
			if f != FaultNone {
				m.flt, m.fltAddr = f, uint64(t.regs[RegSP])
			}
			if m.cfg.PopLoadsSP {
				v = t.regs[RegSP]
			}
			t.regs[in.A.Reg] = v
		}
		t.regs[RegSP] += w
	case OpCall:
		t.regs[RegSP] -= w
		m.storeAt(t, uint64(t.regs[RegSP]), int64(t.pc))
		t.pushFrame(CallFrame{ReturnAddr: t.pc, SavedBP: uint64(t.regs[RegBP]), Start: uint64(t.regs[RegSP]), End: uint64(t.regs[RegSP] + w), Label: in.A.Label})
		t.pc = code.addrOf(in.A.Target)
	case OpRet:
		v, f := m.read(t, uint64(t.regs[RegSP]))
		if f != FaultNone {
			m.flt, m.fltAddr = f, uint64(t.regs[RegSP])
		}
		t.pc = uint64(v)
		t.regs[RegSP] += w
		if n := len(t.frames); n > 0 {
			t.frames = t.frames[:n-1]
		}
	case OpXchg:
		old := m.load(t, &in.B)
		m.store(t, &in.B, t.regs[in.A.Reg])
		t.regs[in.A.Reg] = old
	case OpFetchAdd:
		old := m.load(t, &in.B)
		m.store(t, &in.B, old+t.regs[in.A.Reg])
		t.regs[in.A.Reg] = old
		// the whole atomic add is synchronisation, its instruction included
		m.over.Work -= m.cost.Instr
		m.over.Sync += m.cost.Instr
		if m.cost.AtomicAdd > m.cost.Instr {
			m.charge(t.p.pid, t.tid, catSync, m.cost.AtomicAdd-m.cost.Instr)
		}
	case OpHalt:
		r = rcHalt
	case OpYield:
		r = rcYield
	default:
		if !localOp(in.Op) {
			m.touchAll() // a system or library call (changes.go)
		}
		if in.Op >= OpDiv {
			r = m.execC(c, t, in)
		} else {
			r = m.syscall(c, t, in)
		}
	}
	if m.flt != FaultNone {
		f, addr := m.flt, m.fltAddr
		m.flt = FaultNone
		m.segfault(t, addr, f)
		r = rcGone
	}
	if m.obs != nil {
		m.observe(c, t, in, pc, int(idx))
	}
	return r
}

// observe reports the instruction just executed to the observer.
func (m *Machine) observe(c int, t *thread, in *Instr, pc uint64, idx int) {
	s := StepInfo{Tick: m.tick, CPU: c, Pid: t.p.pid, Tid: t.tid, PC: pc, Index: idx, Line: in.Line, Text: in.Text,
		MemWrite: m.obsWrite, MemAddr: m.obsAddr, MemVal: m.obsVal}
	switch in.Op {
	case OpRdump:
		s.Output = fmt.Sprintf("REGISTERS:: ax: %d bx: %d cx: %d dx: %d ex: %d fx: %d", t.regs[RegAX], t.regs[RegBX], t.regs[RegCX], t.regs[RegDX], t.regs[RegEX], t.regs[RegFX])
	case OpMdump:
		v, _ := m.Peek(t.p.pid, ea(t, &in.A)) // no side effects: an observer must not change the run
		s.Output = fmt.Sprintf("m[%d] %d", ea(t, &in.A), v)
	case OpPrint:
		s.Output = fmt.Sprint(m.lastPrint)
	}
	m.obsWrite = false
	m.obs.Step(s)
}

// run executes up to n instructions, each on the CPU whose clock is
// earliest (clocks.go), and returns how many ran. It stops early when no thread can run.
func (m *Machine) run(n int64) int64 { return m.runUntil(n, "") }

// runUntil runs up to n instructions, stopping early (when cond is
// UntilSwitch or UntilHalt) right after the instruction that met it, and
// returns how many ran.
func (m *Machine) runUntil(n int64, cond string) int64 {
	var done int64
	switches := m.switches
	if cond != "" && m.met(cond, switches) {
		return 0
	}
	for done < n {
		events := m.emitted // a CPU that was idle may take a thread first
		c := m.nextCPU()
		if c < 0 {
			m.emit(Event{Kind: EvIdle, Name: "no runnable thread"})
			break
		}
		cp := &m.cpus[c]
		m.onCPU = c + 1
		m.tick++
		m.instrs++
		m.advance(c, m.cost.Instr)
		m.over.Work += m.cost.Instr
		cp.cur.cpuNS += m.cost.Instr
		t := cp.cur
		r := m.execOne(c, t)
		done++
		m.afterInstr(c, r)
		m.onCPU = 0
		if m.blockedDirty {
			m.detectDeadlock()
		}
		if m.tick >= m.paceAt {
			m.paced()
		}
		m.touchAfter(t, r, events)
		if cond != "" && m.met(cond, switches) || m.stopWhen != nil && m.stopWhen() {
			return done
		}
	}
	return done
}

// met reports whether until's condition holds, switches being the switch
// count when it began.
func (m *Machine) met(cond string, switches uint64) bool {
	switch cond {
	case UntilSwitch:
		return m.switches != switches
	case UntilHalt:
		return !m.anyRunnable()
	}
	return false
}

// anyRunnable reports whether some thread is on a CPU or ready for one.
func (m *Machine) anyRunnable() bool {
	for i := range m.cpus {
		if m.cpus[i].cur != nil {
			return true
		}
	}
	return m.pickAfter(0) != nil
}

// afterInstr applies x86.py's scheduling rule: a halt switches at once
// without resetting the countdown; then the countdown drops by one and an
// interrupt (or a yield) switches and resets it.
func (m *Machine) afterInstr(c int, r rc) {
	cp := &m.cpus[c]
	switch r {
	case rcHalt, rcBlock, rcGone:
		reason := rcReasons[r]
		if r == rcHalt && cp.cur != nil {
			t := cp.cur
			m.emit(Event{Kind: EvHalt, CPU: c, Pid: t.p.pid, Tid: t.tid})
			m.threadExit(t, 0)
		}
		m.reschedule(c, reason)
		if cp.cur == nil {
			return
		}
	}
	cp.countdown--
	if cp.countdown <= 0 || r == rcYield {
		cp.countdown = m.interval()
		reason := "interrupt"
		if r == rcYield {
			reason = "yield"
		}
		m.reschedule(c, reason)
	}
}
