package sim

import "math"

// SIGFPE is the signal an integer division by zero raises on x86-64.
const SIGFPE = 8

// execC executes the instructions C needs beyond x86.py's set (see
// docs/asm.md): two-operand arithmetic and bitwise operations (B = B op A,
// as add and sub), an unsigned compare, sized loads that sign- or
// zero-extend, sized stores that truncate, an indirect call and a library
// call.
//
// Memory keeps one value per address (the model's rule): a sized store
// writes the truncated value at its address only, and a sized load reads
// the value at its address and extends it from the size. Reading the
// second byte of an int is not modelled; the compiler refuses the casts
// that would need it (docs/c.md).
func (m *Machine) execC(c int, t *thread, in *Instr) rc {
	switch in.Op {
	case OpDiv, OpDivu, OpRem, OpRemu:
		return m.divide(t, in)
	case OpAnd:
		m.store(t, &in.B, m.load(t, &in.B)&m.load(t, &in.A))
	case OpOr:
		m.store(t, &in.B, m.load(t, &in.B)|m.load(t, &in.A))
	case OpXor:
		m.store(t, &in.B, m.load(t, &in.B)^m.load(t, &in.A))
	case OpNot:
		m.store(t, &in.A, ^m.load(t, &in.A))
	case OpShl:
		m.store(t, &in.B, m.load(t, &in.B)<<(m.load(t, &in.A)&63))
	case OpSar:
		m.store(t, &in.B, m.load(t, &in.B)>>(m.load(t, &in.A)&63))
	case OpShr:
		m.store(t, &in.B, int64(uint64(m.load(t, &in.B))>>(m.load(t, &in.A)&63)))
	case OpTestu:
		t.cc = testCCu(uint64(m.load(t, &in.A)), uint64(m.load(t, &in.B)))
	case OpMovsb:
		m.store(t, &in.B, int64(int8(m.load(t, &in.A))))
	case OpMovzb:
		m.store(t, &in.B, int64(uint8(m.load(t, &in.A))))
	case OpMovsw:
		m.store(t, &in.B, int64(int16(m.load(t, &in.A))))
	case OpMovzw:
		m.store(t, &in.B, int64(uint16(m.load(t, &in.A))))
	case OpMovsl:
		m.store(t, &in.B, int64(int32(m.load(t, &in.A))))
	case OpMovzl:
		m.store(t, &in.B, int64(uint32(m.load(t, &in.A))))
	case OpMovb:
		m.store(t, &in.B, int64(int8(m.load(t, &in.A))))
	case OpMovw:
		m.store(t, &in.B, int64(int16(m.load(t, &in.A))))
	case OpMovl:
		m.store(t, &in.B, int64(int32(m.load(t, &in.A))))
	case OpCallR:
		return m.callIndirect(t, in)
	case OpLib:
		return m.libCall(c, t, in)
	}
	return rcOK
}

// testCCu is testCC with both operands read as unsigned.
func testCCu(src, dst uint64) uint8 {
	switch {
	case dst > src:
		return ccGT | ccGTE | ccNEQ
	case dst < src:
		return ccLT | ccLTE | ccNEQ
	}
	return ccGTE | ccLTE | ccEQ
}

// divide is B = B / A or B % A, truncating toward zero as x86's idiv and
// C do; a zero divisor (or the one overflowing quotient) raises SIGFPE.
func (m *Machine) divide(t *thread, in *Instr) rc {
	a, b := m.load(t, &in.A), m.load(t, &in.B)
	signed := in.Op == OpDiv || in.Op == OpRem
	if a == 0 || (signed && a == -1 && b == math.MinInt64) {
		m.signal(t.p, SIGFPE, 0)
		return rcGone
	}
	var v int64
	switch in.Op {
	case OpDiv:
		v = b / a
	case OpRem:
		v = b % a
	case OpDivu:
		v = int64(uint64(b) / uint64(a))
	case OpRemu:
		v = int64(uint64(b) % uint64(a))
	}
	m.store(t, &in.B, v)
	return rcOK
}

// callIndirect calls the code address held in a register (a function
// pointer): like call, with the target checked when it is fetched.
func (m *Machine) callIndirect(t *thread, in *Instr) rc {
	w := m.profile.WordSize
	target := uint64(m.load(t, &in.A))
	t.regs[RegSP] -= w
	m.storeAt(t, uint64(t.regs[RegSP]), int64(t.pc))
	t.pushFrame(CallFrame{ReturnAddr: t.pc, SavedBP: uint64(t.regs[RegBP]), Start: uint64(t.regs[RegSP]), End: uint64(t.regs[RegSP] + w), Label: t.p.code.labelAt(target)})
	t.pc = target
	return rcOK
}

// labelAt names the label at a code address ("" if none).
func (l *loaded) labelAt(addr uint64) string {
	if addr < l.base || l.prog == nil {
		return ""
	}
	i := int((addr - l.base) >> l.shift)
	for name, at := range l.prog.Labels {
		if at == i && name != "" && name[0] != '.' {
			return name
		}
	}
	return ""
}

// resolveCodeAddr turns "lea FUNCTION, %r" (a function's address, for a
// function pointer) into a lea of the loaded code address.
func resolveCodeAddr(in *Instr, base uint64, shift uint) {
	if in.Op == OpLea && in.A.Kind == ArgLabel {
		in.A = Arg{Kind: ArgMem, Disp: int64(base + uint64(in.A.Target)<<shift), Scale: 1, Label: in.A.Label}
	}
}
