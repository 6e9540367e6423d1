package main

import (
	"fmt"

	"procscope/sim/asm"
)

// fakeRunX86 is a small, test-only x86.py (threads-locks) engine written
// from /tmp/ostep/SEMANTICS.md. It lets the table printer and the golden
// harness be tested before, and independently of, the sim package's
// interpreter; the golden tests run both where both exist.
func fakeRunX86(s x86Setup, t *x86Table) (int64, error) {
	f := &fakeCPU{mem: map[int64]int64{}, code: map[int64]int{}, memTop: s.MemSize * 1024}
	for i := range s.Prog.Instrs {
		f.code[s.LoadAddr+int64(i)] = i
	}
	addrs, _ := ostepVarAddrs(s.Prog)
	f.vars = addrs
	for t := 0; t < s.Threads; t++ {
		th := &fakeThread{pc: s.LoadAddr}
		for _, ri := range s.Regs[t] {
			th.regs[ri.Reg] = ri.Value
		}
		th.regs[asm.SP] = s.MemSize*1000 - 1000*int64(t)
		f.threads = append(f.threads, th)
	}
	sched := s.Sched
	manual := sched != nil
	intfreq := s.Interrupt
	if manual {
		intfreq = 1
	} else {
		for i := 0; i < s.Threads; i++ {
			sched = append(sched, i)
		}
	}
	if s.RandInts && !manual {
		return 0, fmt.Errorf("fake engine: -r is not modelled")
	}
	curr := 0
	f.cur = f.threads[sched[curr]]
	next := func() {
		for {
			curr = (curr + 1) % len(sched)
			if !f.threads[sched[curr]].done {
				f.cur = f.threads[sched[curr]]
				return
			}
		}
	}
	interrupt := intfreq
	t.start(f)
	var icount int64
	for steps := 0; ; steps++ {
		if steps > 1_000_000 {
			return icount, fmt.Errorf("fake engine: more than a million instructions")
		}
		t.beforeInstr()
		tid := sched[curr]
		pc := f.cur.pc
		idx, ok := f.code[pc]
		if !ok {
			return icount, fmt.Errorf("fake engine: no instruction at %d", pc)
		}
		in := s.Prog.Instrs[idx]
		f.cur.pc++
		rc, err := f.exec(in, s.Prog, s.LoadAddr)
		if err != nil {
			return icount, err
		}
		t.instr(f, tid, pc, in)
		icount++
		if t.err != nil {
			return icount, t.err
		}
		if rc == rcHalt {
			f.cur.done = true
			live := 0
			for _, th := range f.threads {
				if !th.done {
					live++
				}
			}
			if live == 0 {
				return icount, nil
			}
			next()
			t.halt(f)
		}
		interrupt--
		if interrupt == 0 || (rc == rcYield) {
			interrupt = intfreq
			before := f.cur
			next()
			t.interrupt(f, before != f.cur)
		}
	}
}

const (
	rcNone = iota
	rcHalt
	rcYield
)

type fakeThread struct {
	regs [asm.NumRegs]int64
	cc   [6]bool // >=, >, <=, <, !=, ==
	pc   int64
	done bool
}

type fakeCPU struct {
	threads []*fakeThread
	cur     *fakeThread
	mem     map[int64]int64
	code    map[int64]int
	vars    map[string]int64
	memTop  int64
}

func (f *fakeCPU) Reg(r asm.Reg) int64 { return f.cur.regs[r] }
func (f *fakeCPU) Cond(i int) bool     { return f.cur.cc[i] }
func (f *fakeCPU) Load(a int64) (int64, bool) {
	if _, isCode := f.code[a]; isCode {
		if _, written := f.mem[a]; !written {
			return 0, false
		}
	}
	v, ok := f.mem[a]
	if !ok && (a < 0 || a >= f.memTop) {
		return 0, false
	}
	return v, true
}

func (f *fakeCPU) ea(o asm.Operand) int64 {
	r := &f.cur.regs
	a := o.Disp + r[o.Base] + o.Scale*r[o.Index]
	if o.Var != "" {
		a += f.vars[o.Var]
	}
	return a
}

func (f *fakeCPU) val(o asm.Operand) (int64, error) {
	switch o.Kind {
	case asm.OpReg:
		return f.cur.regs[o.Reg], nil
	case asm.OpImm:
		return o.Imm, nil
	case asm.OpMem:
		v, ok := f.Load(f.ea(o))
		if !ok {
			return 0, fmt.Errorf("fake engine: read of %d", f.ea(o))
		}
		return v, nil
	}
	return 0, fmt.Errorf("fake engine: operand %v has no value", o)
}

func (f *fakeCPU) set(o asm.Operand, v int64) {
	if o.Kind == asm.OpReg {
		f.cur.regs[o.Reg] = v
		return
	}
	f.mem[f.ea(o)] = v
}

func (f *fakeCPU) exec(in asm.Instr, p *asm.Program, load int64) (int, error) {
	th := f.cur
	a := in.Args
	jump := func(cond bool) {
		if cond {
			th.pc = load + int64(p.Labels[a[0].Label])
		}
	}
	switch in.Op {
	case "mov":
		v, err := f.val(a[0])
		if err != nil {
			return 0, err
		}
		f.set(a[1], v)
	case "lea":
		f.set(a[1], f.ea(a[0]))
	case "add", "sub", "mul":
		v, err := f.val(a[0])
		if err != nil {
			return 0, err
		}
		d := th.regs[a[1].Reg]
		switch in.Op {
		case "add":
			d += v
		case "sub":
			d -= v
		default:
			d *= v
		}
		th.regs[a[1].Reg] = d
	case "neg":
		th.regs[a[0].Reg] = -th.regs[a[0].Reg]
	case "test":
		src, _ := f.val(a[0])
		dst, _ := f.val(a[1])
		th.cc = [6]bool{dst >= src, dst > src, dst <= src, dst < src, dst != src, dst == src}
	case "xchg", "fetchadd":
		addr := f.ea(a[1])
		old, ok := f.Load(addr)
		if !ok {
			return 0, fmt.Errorf("fake engine: read of %d", addr)
		}
		if in.Op == "xchg" {
			f.mem[addr] = th.regs[a[0].Reg]
		} else {
			f.mem[addr] = old + th.regs[a[0].Reg]
		}
		th.regs[a[0].Reg] = old
	case "push":
		th.regs[asm.SP] -= 4
		v := th.regs[a[0].Reg]
		if a[0].Kind == asm.OpMem {
			v = f.ea(a[0]) // x86.py pushes the address, not the value
		}
		f.mem[th.regs[asm.SP]] = v
	case "pop":
		if len(a) == 1 {
			v, ok := f.Load(th.regs[asm.SP])
			if !ok {
				return 0, fmt.Errorf("fake engine: pop from %d", th.regs[asm.SP])
			}
			th.regs[a[0].Reg] = v
		}
		th.regs[asm.SP] += 4
	case "call":
		th.regs[asm.SP] -= 4
		f.mem[th.regs[asm.SP]] = th.pc
		jump(true)
	case "ret":
		v, ok := f.Load(th.regs[asm.SP])
		if !ok {
			return 0, fmt.Errorf("fake engine: ret from %d", th.regs[asm.SP])
		}
		th.pc = v
		th.regs[asm.SP] += 4
	case "j":
		jump(true)
	case "je":
		jump(th.cc[5])
	case "jne":
		jump(th.cc[4])
	case "jlt":
		jump(th.cc[3])
	case "jlte":
		jump(th.cc[2])
	case "jgt":
		jump(th.cc[1])
	case "jgte":
		jump(th.cc[0])
	case "halt":
		return rcHalt, nil
	case "yield":
		return rcYield, nil
	case "nop", "rdump", "mdump":
	default:
		return 0, fmt.Errorf("fake engine: %s is not an x86.py instruction", in.Op)
	}
	return rcNone, nil
}
