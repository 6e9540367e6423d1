package sim

import "fmt"

// A pipe is a bounded buffer of words in the kernel with a read end and a
// write end. Processes reach the ends through descriptors in their
// descriptor tables; fork copies the table, so both processes hold both
// ends until they close them. read on an empty pipe blocks while any write
// end is open anywhere; when none is, read returns end of file. write on a
// full pipe blocks; write with no read end open anywhere is SIGPIPE.
type pipe struct {
	id               int
	buf              []int64
	capacity         int
	readers, writers int   // open descriptors to each end, over all processes
	readQ, writeQ    []int // tids blocked reading / writing, in arrival order
	words            uint64
}

// fdEntry is one slot of a process's descriptor table (pipe 0: closed).
type fdEntry struct {
	pipe  int
	write bool
}

// firstFD is the lowest descriptor a pipe gets: 0, 1 and 2 are the
// terminal (stdin, stdout, stderr), which the lab does not model.
const firstFD = 3

// pipeCreate makes a pipe with both ends in t's process: read end first.
func (m *Machine) pipeCreate(t *thread) (int, int, *Error) {
	p := t.p
	if p.openFDs()+2 > m.cfg.Limits.MaxFDs {
		return 0, 0, errorf(ErrLimit, "pipe: pid %d has %d descriptors open (limit %d, EMFILE)", p.pid, p.openFDs(), m.cfg.Limits.MaxFDs)
	}
	m.nextObj++
	pi := &pipe{id: m.nextObj, capacity: m.cfg.PipeCapacity, readers: 1, writers: 1}
	m.pipes[pi.id] = pi
	r := p.allocFD(fdEntry{pipe: pi.id})
	w := p.allocFD(fdEntry{pipe: pi.id, write: true})
	m.emit(Event{Kind: EvPipeCreated, Pid: p.pid, Tid: t.tid, FD: r, Value: int64(w), Object: pi.id, Cost: m.cost.Syscall})
	return r, w, nil
}

func (p *process) openFDs() int {
	n := 0
	for _, f := range p.fds {
		if f.pipe != 0 {
			n++
		}
	}
	return n
}

func (p *process) allocFD(e fdEntry) int {
	for len(p.fds) < firstFD {
		p.fds = append(p.fds, fdEntry{})
	}
	for i := firstFD; i < len(p.fds); i++ {
		if p.fds[i].pipe == 0 {
			p.fds[i] = e
			return i
		}
	}
	p.fds = append(p.fds, e)
	return len(p.fds) - 1
}

// fdPipe finds the pipe end behind descriptor fd of p.
func (m *Machine) fdPipe(p *process, fd int, write bool) (*pipe, *Error) {
	op := map[bool]string{true: "write", false: "read"}
	if fd < 0 || fd >= len(p.fds) || p.fds[fd].pipe == 0 {
		return nil, errorf(ErrBadFD, "%s: descriptor %d is not open in pid %d", op[write], fd, p.pid)
	}
	e := p.fds[fd]
	if e.write != write {
		return nil, errorf(ErrBadFD, "%s: descriptor %d of pid %d is the %s end of pipe %d, not the %s end", op[write], fd, p.pid, op[e.write], e.pipe, op[write])
	}
	return m.pipes[e.pipe], nil
}

// pipeResult is how a pipe call ended.
type pipeResult uint8

const (
	pipeDone    pipeResult = iota // n words moved (0 on read: end of file)
	pipeBlocked                   // the thread sleeps in the pipe's queue
	pipeKilled                    // SIGPIPE ended the process
)

// pipeWrite writes vals to descriptor fd for t. A write that fits goes in
// at once; a write of at most the capacity that does not fit blocks
// (atomic, as Linux writes of at most PIPE_BUF bytes are): direct waits
// keep the single word and finish when room appears; other waits retry
// the instruction. A write longer than the capacity writes what fits.
func (m *Machine) pipeWrite(t *thread, fd int, vals []int64, direct bool) (int, pipeResult, *Error) {
	pi, err := m.fdPipe(t.p, fd, true)
	if err != nil {
		return 0, pipeDone, err
	}
	if pi.readers == 0 {
		m.emit(Event{Kind: EvPipeWrite, Pid: t.p.pid, Tid: t.tid, FD: fd, Object: pi.id, Name: "no reader: EPIPE", Cost: m.cost.PipeCall})
		m.signal(t.p, SIGPIPE, 0)
		return 0, pipeKilled, nil
	}
	free := pi.capacity - len(pi.buf)
	n := len(vals)
	if n > free && (n <= pi.capacity || free == 0) {
		pi.writeQ = append(pi.writeQ, t.tid)
		w := waitState{kind: waitPipeWrite, id: pi.id, direct: direct, fd: fd}
		if direct {
			w.val = vals[0]
		}
		m.blockFor(t, w, 0, "pipe full") // the call is charged when it finishes
		return 0, pipeBlocked, nil
	}
	n = min(n, free)
	m.pipePush(t, fd, pi, vals[:n], m.cost.PipeCall)
	return n, pipeDone, nil
}

func (m *Machine) pipePush(t *thread, fd int, pi *pipe, vals []int64, callCost uint64) {
	pi.buf = append(pi.buf, vals...)
	pi.words += uint64(len(vals))
	m.emit(Event{Kind: EvPipeWrite, Pid: t.p.pid, Tid: t.tid, FD: fd, Object: pi.id, Value: vals[0], Name: words(len(vals)),
		Cost: callCost + m.cost.PipePerWord*uint64(len(vals))})
	m.pipeProgress(pi)
}

func words(n int) string {
	if n == 1 {
		return ""
	}
	return fmt.Sprintf("%d words", n)
}

// pipeRead reads up to n words from descriptor fd for t. With data it
// takes what there is (up to n); empty with no write end open anywhere it
// returns 0 words (end of file); otherwise it blocks.
func (m *Machine) pipeRead(t *thread, fd, n int, direct bool) ([]int64, pipeResult, *Error) {
	pi, err := m.fdPipe(t.p, fd, false)
	if err != nil {
		return nil, pipeDone, err
	}
	if len(pi.buf) == 0 {
		if pi.writers == 0 {
			m.emit(Event{Kind: EvPipeRead, Pid: t.p.pid, Tid: t.tid, FD: fd, Object: pi.id, Name: "eof", Cost: m.cost.PipeCall})
			return nil, pipeDone, nil
		}
		pi.readQ = append(pi.readQ, t.tid)
		m.blockFor(t, waitState{kind: waitPipeRead, id: pi.id, direct: direct, fd: fd}, 0, "pipe empty") // charged when it finishes
		return nil, pipeBlocked, nil
	}
	return m.pipeTake(t, fd, pi, n, m.cost.PipeCall), pipeDone, nil
}

func (m *Machine) pipeTake(t *thread, fd int, pi *pipe, n int, callCost uint64) []int64 {
	n = min(n, len(pi.buf))
	out := append([]int64(nil), pi.buf[:n]...)
	pi.buf = append(pi.buf[:0], pi.buf[n:]...)
	m.emit(Event{Kind: EvPipeRead, Pid: t.p.pid, Tid: t.tid, FD: fd, Object: pi.id, Value: out[0], Name: words(n),
		Cost: callCost + m.cost.PipePerWord*uint64(n)})
	m.pipeProgress(pi)
	return out
}

// pipeProgress lets blocked threads move: writers while there is room,
// readers while there are words. A direct waiter finishes its one-word
// call here (its result in %ax, a read's word in %bx); a retrying waiter
// is woken to run its instruction again.
func (m *Machine) pipeProgress(pi *pipe) {
	for moved := true; moved; {
		moved = false
		if len(pi.writeQ) > 0 && len(pi.buf) < pi.capacity {
			w := m.tids[pi.writeQ[0]]
			pi.writeQ = pi.writeQ[1:]
			moved = true
			if w.wait.direct {
				fd, v := w.wait.fd, w.wait.val
				m.wake(w)
				w.regs[RegAX] = 1
				m.pipePush(w, fd, pi, []int64{v}, m.cost.PipeCall)
				return
			}
			m.wake(w)
		}
		if len(pi.readQ) > 0 && len(pi.buf) > 0 {
			r := m.tids[pi.readQ[0]]
			pi.readQ = pi.readQ[1:]
			moved = true
			if r.wait.direct {
				fd := r.wait.fd
				m.wake(r)
				v := m.pipeTake(r, fd, pi, 1, m.cost.PipeCall)
				r.regs[RegAX], r.regs[RegBX] = 1, v[0]
				return
			}
			m.wake(r)
		}
	}
}

// closeFD closes descriptor fd of p. Closing the last write end wakes
// every blocked reader with end of file; closing the last read end sends
// SIGPIPE to every blocked writer.
func (m *Machine) closeFD(p *process, tid, fd int) *Error {
	if fd < 0 || fd >= len(p.fds) || p.fds[fd].pipe == 0 {
		return errorf(ErrBadFD, "close: descriptor %d is not open in pid %d", fd, p.pid)
	}
	e := p.fds[fd]
	p.fds[fd] = fdEntry{}
	pi := m.pipes[e.pipe]
	end := "read end"
	if e.write {
		pi.writers--
		end = "write end"
	} else {
		pi.readers--
	}
	m.emit(Event{Kind: EvClose, Pid: p.pid, Tid: tid, FD: fd, Object: pi.id, Name: end})
	if e.write && pi.writers == 0 {
		q := pi.readQ
		pi.readQ = nil
		for _, tid := range q {
			r := m.tids[tid]
			direct, rfd := r.wait.direct, r.wait.fd
			m.wake(r)
			if direct {
				r.regs[RegAX], r.regs[RegBX] = 0, 0
				m.emit(Event{Kind: EvPipeRead, Pid: r.p.pid, Tid: r.tid, FD: rfd, Object: pi.id, Name: "eof", Cost: m.cost.PipeCall})
			}
		}
	}
	if !e.write && pi.readers == 0 {
		q := pi.writeQ
		pi.writeQ = nil
		for _, tid := range q {
			if w := m.tids[tid]; w != nil {
				m.signal(w.p, SIGPIPE, 0)
			}
		}
	}
	if pi.readers == 0 && pi.writers == 0 {
		delete(m.pipes, pi.id)
	}
	return nil
}

// closeAll closes every descriptor of p (exit).
func (m *Machine) closeAll(p *process) {
	for fd := range p.fds {
		if p.fds[fd].pipe != 0 {
			m.closeFD(p, p.pid, fd)
		}
	}
	p.fds = nil
}

// dupFDs gives a forked child a copy of the parent's descriptor table.
func (m *Machine) dupFDs(parent, child *process) {
	child.fds = append([]fdEntry(nil), parent.fds...)
	for _, e := range child.fds {
		if e.pipe == 0 {
			continue
		}
		if e.write {
			m.pipes[e.pipe].writers++
		} else {
			m.pipes[e.pipe].readers++
		}
	}
}
