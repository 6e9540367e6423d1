package sim

import "fmt"

// newProcess creates a process with a fresh pid, prog loaded and one main
// thread whose tid is the pid.
func (m *Machine) newProcess(ppid int, name string, prog *Program) (*process, *Error) {
	if m.liveCount() >= m.cfg.Limits.MaxProcs {
		return nil, errorf(ErrLimit, "%d processes exist (limit %d)", m.liveCount(), m.cfg.Limits.MaxProcs)
	}
	p := &process{pid: m.nextID, ppid: ppid, name: name, state: ProcRunning}
	if err := m.loadImage(p, prog); err != nil {
		return nil, err
	}
	m.nextID++
	if _, err := m.newThread(p, 0); err != nil {
		m.release(p.as)
		return nil, err
	}
	m.procs = append(m.procs, p)
	m.byID[p.pid] = p
	return p, nil
}

// loadImage gives p a fresh address space holding prog: regions placed by
// the profile, text pages backed by frames, initial values of .data and
// .rodata written.
func (m *Machine) loadImage(p *process, prog *Program) *Error {
	im := m.place(prog)
	as := newAddrSpace()
	as.regions = im.regions
	as.globals = im.vars
	as.mmapNext = m.profile.MmapTop
	if !m.profile.Flat {
		as.heap = heap{start: im.heap, brk: im.heap + m.profile.HeapSize}
		as.regions = append(as.regions, Region{Kind: RegionHeap, Start: im.heap, End: as.heap.brk, Perm: PermRead | PermWrite})
		for a := im.regions[0].Start; a < im.regions[0].End; a += PageSize {
			if err := m.poke(as, a, 0, PermRead|PermExec); err != nil {
				m.release(as)
				return asError(err)
			}
		}
	}
	sortRegions(as.regions)
	word := uint64(m.profile.WordSize)
	// im.vars is in address order, not source order: find each variable's
	// initial values by name.
	inits := make(map[string]*Var, len(prog.Vars))
	for i := range prog.Vars {
		inits[prog.Vars[i].Name] = &prog.Vars[i]
	}
	for _, g := range im.vars {
		pv := inits[g.Name]
		if pv == nil {
			continue
		}
		for k, v := range pv.Init {
			perm := PermRead | PermWrite
			if g.Section == "rodata" {
				perm = PermRead
			}
			at := g.Addr + uint64(k)*word
			if pv.Offsets != nil {
				at = g.Addr + uint64(pv.Offsets[k])
			}
			if err := m.poke(as, at, v, perm); err != nil {
				m.release(as)
				return asError(err)
			}
		}
	}
	code, err := resolvedCode(prog, im.vars, im.codeBase, m.profile.InstrShift)
	if err != nil {
		m.release(as)
		return asError(err)
	}
	p.as = as
	p.code = &loaded{prog: prog, code: code, base: im.codeBase, shift: m.profile.InstrShift, texts: debugGlobals(prog.Debug, func(g DebugGlobal) bool { return g.Kind == "array" && isCharArray(g.Type) }),
		pointers: debugGlobals(prog.Debug, func(g DebugGlobal) bool { return g.Kind == "ptr" })}
	return nil
}

// debugGlobals names a C program's globals that are what is says (a char
// array, a pointer): their state is read as such.
func debugGlobals(d *Debug, is func(DebugGlobal) bool) map[string]bool {
	if d == nil {
		return nil
	}
	var out map[string]bool
	for _, g := range d.Globals {
		if is(g) {
			if out == nil {
				out = map[string]bool{}
			}
			out[g.Name] = true
		}
	}
	return out
}

// resolveVars adds each named variable's address to its operand's
// displacement.
func resolveVars(in *Instr, vars []GlobalState) error {
	for _, a := range []*Arg{&in.A, &in.B} {
		if a.Kind != ArgMem || a.Var == "" {
			continue
		}
		found := false
		for _, g := range vars {
			if g.Name == a.Var {
				a.Disp += int64(g.Addr)
				found = true
				break
			}
		}
		if !found {
			return fmt.Errorf("line %d: variable %q is not declared: %w", in.Line, a.Var, ErrNotExist)
		}
		a.Var = ""
	}
	if in.A.Scale == 0 {
		in.A.Scale = 1
	}
	if in.B.Scale == 0 {
		in.B.Scale = 1
	}
	return nil
}

// global finds a named global in p.
func (p *process) global(name string) (GlobalState, bool) {
	for _, g := range p.as.globals {
		if g.Name == name {
			return g, true
		}
	}
	return GlobalState{}, false
}
