package sim

// Out of memory. When a page fault finds no free frame, Linux does not
// fail the access: the OOM killer picks the process whose memory is
// largest (its oom_badness is mostly its resident pages), sends it
// SIGKILL, and the faulting access is retried with the frames that freed.
// The model does the same; it leaves out oom_score_adj, swap and the
// page-table term of the score.

// writablePage resolves the slow path of a write (permission check, first
// touch, copy-on-write), calling the OOM killer while no frame is free.
// FaultKilled means t's own process was the OOM killer's victim.
func (m *Machine) writablePage(t *thread, addr uint64) (*frame, Fault) {
	for {
		f, fault := m.writablePageOnce(t, addr)
		if fault != FaultNoMemory {
			return f, fault
		}
		if victim := m.oomKill(t.p); victim == t.p {
			return nil, FaultKilled
		}
	}
}

// oomKill kills the process with the most resident pages (never init):
// on a tie the newest, as the kernel's scan keeps the last task with the
// highest score. With nothing else to kill, the faulting process itself
// goes. It returns the victim.
func (m *Machine) oomKill(faulting *process) *process {
	victim, most := faulting, -1
	for _, p := range m.procs {
		if p.pid == 1 || p.state != ProcRunning {
			continue
		}
		if n := len(p.as.pt); n >= most {
			victim, most = p, n
		}
	}
	if most <= 0 {
		victim, most = faulting, len(faulting.as.pt)
	}
	m.emit(Event{Kind: EvOOMKill, Pid: victim.pid, Tid: victim.pid, Other: faulting.pid, Value: int64(most), Signal: SIGKILL,
		Name: "out of memory"})
	m.signal(victim, SIGKILL, 0)
	return victim
}
