package sim

// exec replaces p's image with a built-in program: new text, data, bss,
// rodata, heap, one thread (tid = pid) on a fresh stack. The pid and the
// parent stay.
func (m *Machine) exec(p *process, name string) *Error {
	prog, ok := m.cfg.Programs[name], m.cfg.Programs[name] != nil
	if !ok {
		if _, found := builtins[name]; !found {
			return errorf(ErrNotExist, "exec: no built-in program %q (have %s)", name, builtinNames())
		}
		prog, ok = builtinProgram(name), true
	}
	for len(p.threads) > 0 {
		m.removeThread(p.threads[0])
	}
	m.release(p.as)
	m.dropMutexes(p)
	if err := m.loadImage(p, prog); err != nil {
		return err
	}
	p.name = name
	if _, err := m.newThread(p, 0); err != nil {
		return err
	}
	m.emit(Event{Kind: EvExec, Pid: p.pid, Tid: p.pid, Name: name, Cost: m.cost.Exec})
	return nil
}
