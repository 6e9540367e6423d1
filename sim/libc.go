package sim

import (
	"fmt"
	"math"
	"strings"
)

// The C library of the lab: what a compiled C program calls with the lib
// instruction (`lib $N`, N an index into LibNames). Arguments are on the
// stack as the caller pushed them (the first at %sp, then %sp+8 ...), the
// result goes to %ax. Calls that may block (wait, join, lock, pipe read
// and write) either rewind the pc and run again when woken, or leave the
// rest to a companion lib instruction after them (waitpid's status,
// pthread_join's value), so a blocked thread holds no half-done call.
//
// stdout is line-buffered in the process's own memory, in the hidden
// global StdioBuffer: a word holding the count, then one byte per address.
// fork copies it with the rest of memory, so text without a newline is
// printed twice when both processes later flush, as on Linux. A newline,
// a full buffer, fflush and exit write it to the terminal (an EvOutput
// event); _exit, abort and a fatal signal do not.

// StdioBuffer is the name of the hidden global holding stdout's buffer,
// and StdioBufferSize the bytes it holds (after its count word).
const (
	StdioBuffer     = "__stdout_buf"
	StdioBufferSize = 1024
)

// ThreadResults names the hidden global where an ended thread's result
// waits for pthread_join (glibc keeps it in the thread's descriptor until
// the join): ThreadResultSlots pairs of words, tid then value.
const (
	ThreadResults     = "__thread_results"
	ThreadResultSlots = 64
)

// ThreadStart is the label of the code a new C thread starts at: it
// calls the function in %ax with the argument in %bx and ends the thread
// with the function's result.
const ThreadStart = "__thread_start"

// The library functions, in lib instruction order. Names starting with
// "__" are companions the compiler emits, never called by name.
var LibNames = []string{
	"printf", "puts", "putchar", "fflush", "exit", "_exit", "abort",
	"malloc", "calloc", "free", "fork", "getpid", "getppid",
	"wait", "waitpid", "__wait_status", "pipe", "read", "write", "close", "kill",
	"sched_yield", "sleep", "usleep",
	"pthread_create", "pthread_join", "__join_value", "pthread_exit", "pthread_self",
	"pthread_mutex_init", "pthread_mutex_lock", "pthread_mutex_unlock", "pthread_mutex_destroy",
	"mmap", "munmap", "execl", "execlp", "strlen", "memcpy", "memset", "strcmp", "strcpy",
	"fprintf",
}

// LibIndex finds a library function's lib number.
func LibIndex(name string) (int, bool) {
	for i, n := range LibNames {
		if n == name {
			return i, true
		}
	}
	return 0, false
}

// libFunc is one library function's implementation.
type libFunc func(m *Machine, t *thread, in *Instr) rc

var libFuncs map[string]libFunc

func init() {
	libFuncs = map[string]libFunc{
		"printf": libPrintf, "fprintf": libFprintf, "puts": libPuts, "putchar": libPutchar, "fflush": libFflush,
		"exit": libExit, "_exit": libUnderExit, "abort": libAbort,
		"malloc": libMalloc, "calloc": libCalloc, "free": libFree,
		"fork": libFork, "getpid": libGetpid, "getppid": libGetppid,
		"wait": libWait, "waitpid": libWait, "__wait_status": libWaitStatus,
		"pipe": libPipe, "read": libRead, "write": libWrite, "close": libClose, "kill": libKill,
		"sched_yield": libYield, "sleep": libYield, "usleep": libYield,
		"pthread_create": libPthreadCreate, "pthread_join": libPthreadJoin, "__join_value": libJoinValue,
		"pthread_exit": libPthreadExit, "pthread_self": libPthreadSelf,
		"pthread_mutex_init": libZero, "pthread_mutex_destroy": libZero,
		"pthread_mutex_lock": libMutexLock, "pthread_mutex_unlock": libMutexUnlock,
		"mmap": libMmap, "munmap": libMunmap, "execl": libExec, "execlp": libExec,
		"strlen": libStrlen, "memcpy": libMemcpy, "memset": libMemset, "strcmp": libStrcmp, "strcpy": libStrcpy,
	}
}

// libCall runs the library function the instruction names.
func (m *Machine) libCall(_ int, t *thread, in *Instr) rc {
	i := int(in.A.Imm)
	if i < 0 || i >= len(LibNames) {
		return m.sysFail(t, errorf(ErrInvalid, "lib %d: no such library function", i))
	}
	if !inUserSpace[LibNames[i]] {
		m.charge(t.p.pid, t.tid, catOther, m.cost.Syscall)
	}
	return libFuncs[LibNames[i]](m, t, in)
}

// inUserSpace are the library functions glibc runs without entering the
// kernel, so they pay no system call: the mutex's fast path (a contended
// lock or unlock pays its futex call in mutex.go, as on Linux), the
// allocator's fast path (malloc and free have costs of their own), the
// string functions and pthread_self. Charging them a system call made an
// uncontended lock+unlock cost ~490 ns instead of the facts' 8–11 ns.
var inUserSpace = map[string]bool{
	"pthread_mutex_lock": true, "pthread_mutex_unlock": true, "pthread_mutex_init": true, "pthread_mutex_destroy": true,
	"pthread_self": true, "malloc": true, "calloc": true, "free": true,
	"strlen": true, "memcpy": true, "memset": true, "strcmp": true, "strcpy": true,
}

// arg reads the i-th argument word from the stack.
func (m *Machine) arg(t *thread, i int) int64 {
	addr := uint64(t.regs[RegSP] + int64(i)*m.profile.WordSize)
	v, f := m.read(t, addr)
	if f != FaultNone && m.flt == FaultNone {
		m.flt, m.fltAddr = f, addr
	}
	return v
}

// maxCString bounds how far a string is read: a missing terminator is a
// bug in the program, not a reason to scan the address space.
const maxCString = 4096

// cstring reads the NUL-terminated string at addr, one byte per address.
func (m *Machine) cstring(t *thread, addr uint64) string {
	var b strings.Builder
	for i := uint64(0); i < maxCString; i++ {
		v, f := m.read(t, addr+i)
		if f != FaultNone {
			m.flt, m.fltAddr = f, addr+i
			return b.String()
		}
		if byte(v) == 0 {
			break
		}
		b.WriteByte(byte(v))
	}
	return b.String()
}

func ret(t *thread, v int64) rc {
	t.regs[RegAX] = v
	return rcOK
}

func libZero(_ *Machine, t *thread, _ *Instr) rc { return ret(t, 0) }

// --- stdio ---------------------------------------------------------------

// stdoutPut appends s to the process's stdout buffer, writing the buffer
// out at each newline and when it is full.
func (m *Machine) stdoutPut(t *thread, s string) {
	g, ok := t.p.global(StdioBuffer)
	if !ok { // a program without the buffer writes straight through
		m.terminal(t, 1, s)
		return
	}
	n, _ := m.read(t, g.Addr)
	for i := 0; i < len(s) && m.flt == FaultNone; i++ {
		m.storeAt(t, g.Addr+8+uint64(n), int64(s[i]))
		n++
		m.storeAt(t, g.Addr, n)
		if s[i] == '\n' || n >= StdioBufferSize {
			m.stdoutFlush(t)
			n = 0
		}
	}
}

// stdoutFlush writes the buffered bytes to the terminal and empties it.
func (m *Machine) stdoutFlush(t *thread) {
	g, ok := t.p.global(StdioBuffer)
	if !ok {
		return
	}
	n, _ := m.read(t, g.Addr)
	if n <= 0 {
		return
	}
	b := make([]byte, 0, n)
	for i := int64(0); i < min(n, StdioBufferSize); i++ {
		v, _ := m.read(t, g.Addr+8+uint64(i))
		b = append(b, byte(v))
	}
	m.storeAt(t, g.Addr, 0)
	m.terminal(t, 1, string(b))
}

// terminal is what reaches the terminal: an output event with the
// writing process and thread.
func (m *Machine) terminal(t *thread, fd int, s string) {
	m.emit(Event{Kind: EvOutput, Pid: t.p.pid, Tid: t.tid, FD: fd, Name: s, Value: int64(len(s))})
	if len(m.term) >= MaxTerminalWrites {
		m.term = append(m.term[:0:0], m.term[len(m.term)-MaxTerminalWrites+1:]...)
	}
	m.term = append(m.term, TerminalWrite{Tick: m.tick, Pid: t.p.pid, Tid: t.tid, FD: fd, Text: s})
}

// TerminalWrite is one write that reached the terminal.
type TerminalWrite struct {
	Tick     uint64
	Pid, Tid int
	FD       int // 1 stdout, 2 stderr
	Text     string
}

// MaxTerminalWrites bounds the terminal history a machine keeps.
const MaxTerminalWrites = 512

func libPrintf(m *Machine, t *thread, _ *Instr) rc {
	s := m.format(t, m.cstring(t, uint64(m.arg(t, 0))), 1)
	m.stdoutPut(t, s)
	return ret(t, int64(len(s)))
}

// libFprintf prints to stdout (buffered) or stderr (unbuffered, as C's).
func libFprintf(m *Machine, t *thread, _ *Instr) rc {
	fd := m.arg(t, 0)
	s := m.format(t, m.cstring(t, uint64(m.arg(t, 1))), 2)
	switch fd {
	case 1:
		m.stdoutPut(t, s)
	case 2:
		m.terminal(t, 2, s)
	default:
		return m.sysFail(t, errorf(ErrBadFD, "fprintf: only stdout and stderr exist in this lab"))
	}
	return ret(t, int64(len(s)))
}

func libPuts(m *Machine, t *thread, _ *Instr) rc {
	m.stdoutPut(t, m.cstring(t, uint64(m.arg(t, 0)))+"\n")
	return ret(t, 1)
}

func libPutchar(m *Machine, t *thread, _ *Instr) rc {
	c := byte(m.arg(t, 0))
	m.stdoutPut(t, string([]byte{c}))
	return ret(t, int64(c))
}

func libFflush(m *Machine, t *thread, _ *Instr) rc {
	m.stdoutFlush(t)
	return ret(t, 0)
}

// format expands a printf format with the arguments from stack slot
// first on: %d %i %u %ld %lu %x %lx %p %s %c %%, with flags - 0 and a
// width (and a precision for %s).
func (m *Machine) format(t *thread, f string, first int) string {
	var b strings.Builder
	next := first
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			b.WriteByte(f[i])
			continue
		}
		j := i + 1
		for j < len(f) && strings.IndexByte("-0+ #", f[j]) >= 0 {
			j++
		}
		for j < len(f) && (f[j] >= '0' && f[j] <= '9' || f[j] == '.') {
			j++
		}
		long := 0
		for j < len(f) && (f[j] == 'l' || f[j] == 'z' || f[j] == 'h') {
			if f[j] != 'h' {
				long++
			}
			j++
		}
		if j >= len(f) {
			b.WriteString(f[i:])
			break
		}
		spec := f[i+1 : j]
		spec = strings.Map(func(r rune) rune {
			if r == 'l' || r == 'z' || r == 'h' {
				return -1
			}
			return r
		}, spec)
		verb := f[j]
		i = j
		if verb == '%' {
			b.WriteByte('%')
			continue
		}
		v := m.arg(t, next)
		next++
		switch verb {
		case 'd', 'i':
			if long == 0 {
				v = int64(int32(v))
			}
			fmt.Fprintf(&b, "%"+spec+"d", v)
		case 'u':
			if long == 0 {
				v = int64(uint32(v))
			}
			fmt.Fprintf(&b, "%"+spec+"d", uint64(v))
		case 'x', 'X':
			if long == 0 {
				v = int64(uint32(v))
			}
			fmt.Fprintf(&b, "%"+spec+string(verb), uint64(v))
		case 'p':
			if v == 0 {
				fmt.Fprintf(&b, "%"+spec+"s", "(nil)")
			} else {
				fmt.Fprintf(&b, "%"+spec+"s", fmt.Sprintf("%#x", uint64(v)))
			}
		case 's':
			s := "(null)"
			if v != 0 {
				s = m.cstring(t, uint64(v))
			}
			fmt.Fprintf(&b, "%"+spec+"s", s)
		case 'c':
			fmt.Fprintf(&b, "%"+spec+"s", string([]byte{byte(v)}))
		default:
			b.WriteString("%" + spec + string(verb))
		}
	}
	return b.String()
}

// --- processes -----------------------------------------------------------

// libExit flushes stdout and ends the process with the status.
func libExit(m *Machine, t *thread, _ *Instr) rc {
	code := m.arg(t, 0)
	m.stdoutFlush(t)
	m.exitProcess(t.p, WaitStatus{Code: int(code & 0xff)})
	return rcGone
}

// libUnderExit ends the process without flushing stdout.
func libUnderExit(m *Machine, t *thread, _ *Instr) rc {
	m.exitProcess(t.p, WaitStatus{Code: int(m.arg(t, 0) & 0xff)})
	return rcGone
}

func libAbort(m *Machine, t *thread, _ *Instr) rc {
	m.signal(t.p, SIGABRT, t.p.pid)
	return rcGone
}

func libFork(m *Machine, t *thread, _ *Instr) rc {
	if _, err := m.fork(t); err != nil {
		return m.sysFail(t, err)
	}
	return rcOK
}

func libGetpid(_ *Machine, t *thread, _ *Instr) rc  { return ret(t, int64(t.p.pid)) }
func libGetppid(_ *Machine, t *thread, _ *Instr) rc { return ret(t, int64(t.p.ppid)) }

// libWait is wait(&st) and waitpid(pid, &st, options): B is the number of
// the pid argument (-1: wait's "any child"). The status is stored by the
// __wait_status instruction that follows, since a blocked wait finishes
// when the child exits.
func libWait(m *Machine, t *thread, in *Instr) rc {
	want := int64(-1)
	nohang := false
	if in.B.Imm >= 0 {
		want = m.arg(t, int(in.B.Imm))
		nohang = m.arg(t, int(in.B.Imm)+2)&1 != 0
	}
	if want < -1 || want == 0 {
		return m.sysFail(t, errorf(ErrInvalid, "waitpid(%d): process groups are not modelled; use -1 or a pid", want))
	}
	p := t.p
	has := false
	for _, c := range m.procs {
		if c.ppid != p.pid || c.state == ProcReaped || (want != -1 && int64(c.pid) != want) {
			continue
		}
		has = true
		if c.state == ProcZombie {
			m.reap(p, t.tid, c)
			return ret(t, int64(c.pid))
		}
	}
	switch {
	case !has:
		return m.sysFail(t, errorf(ErrNoChild, "wait: pid %d has no such child (ECHILD)", p.pid))
	case nohang:
		return ret(t, 0)
	}
	m.block(t, waitState{kind: waitChild, id: int(want)})
	return rcBlock
}

// libWaitStatus stores the status of the child wait returned (in %ax)
// where the status argument (number B) points, as Linux encodes it:
// code<<8 for an exit, the signal number for a kill.
func libWaitStatus(m *Machine, t *thread, in *Instr) rc {
	pid := t.regs[RegAX]
	ptr := uint64(m.arg(t, int(in.B.Imm)))
	c := m.byID[int(pid)]
	if pid <= 0 || ptr == 0 || c == nil {
		return rcOK
	}
	st := int64(c.signal)
	if c.signal == 0 {
		st = int64(c.exitCode&0xff) << 8
	}
	m.storeAt(t, ptr, st)
	return rcOK
}

func libKill(m *Machine, t *thread, _ *Instr) rc {
	pid, sig := m.arg(t, 0), m.arg(t, 1)
	p, err := m.liveProc(int(pid))
	if err != nil {
		return m.sysFail(t, err)
	}
	if sig < 0 || sig > 64 {
		return m.sysFail(t, errorf(ErrInvalid, "kill: signal %d: want 0..64", sig))
	}
	if pid == 1 {
		return m.sysFail(t, errorf(ErrState, "kill: init (pid 1) cannot be killed"))
	}
	if sig != 0 {
		m.signal(p, int(sig), t.p.pid)
	}
	if t.p.state != ProcRunning {
		return rcGone
	}
	return ret(t, 0)
}

func libYield(_ *Machine, t *thread, _ *Instr) rc {
	t.regs[RegAX] = 0
	return rcYield
}

// libExec replaces the process with another program of the lab, named by
// the path's last element (execl("./child", "child", NULL)). As with
// glibc, text still in stdout's buffer dies with the old image.
func libExec(m *Machine, t *thread, _ *Instr) rc {
	path := m.cstring(t, uint64(m.arg(t, 0)))
	name := path[strings.LastIndexByte(path, '/')+1:]
	if err := m.exec(t.p, name); err != nil {
		return m.sysFail(t, err)
	}
	return rcGone
}

// --- memory --------------------------------------------------------------

func libMalloc(m *Machine, t *thread, _ *Instr) rc {
	ptr, err := m.malloc(t, m.arg(t, 0))
	if err != nil {
		m.fail(t.p.pid, t.tid, err)
		return ret(t, 0)
	}
	return ret(t, int64(ptr))
}

// libCalloc allocates and zeroes every address of the block.
func libCalloc(m *Machine, t *thread, _ *Instr) rc {
	n, size := m.arg(t, 0), m.arg(t, 1)
	if n < 0 || size < 0 || (size != 0 && n > math.MaxInt32/size) {
		return m.sysFail(t, errorf(ErrInvalid, "calloc(%d, %d): too large", n, size))
	}
	ptr, err := m.malloc(t, n*size)
	if err != nil {
		m.fail(t.p.pid, t.tid, err)
		return ret(t, 0)
	}
	for i := int64(0); i < n*size && m.flt == FaultNone; i++ {
		if v, _ := m.read(t, ptr+uint64(i)); v != 0 {
			m.storeAt(t, ptr+uint64(i), 0)
		}
	}
	return ret(t, int64(ptr))
}

func libFree(m *Machine, t *thread, _ *Instr) rc {
	ptr := uint64(m.arg(t, 0))
	if ptr == 0 {
		return rcOK
	}
	if err := m.free(t, ptr); err != nil {
		m.fail(t.p.pid, t.tid, err)
	}
	return rcOK
}

// Linux's mmap flag and protection bits the lab understands.
const (
	mapShared    = 0x01
	mapAnonymous = 0x20
)

// libMmap maps anonymous shared memory (MAP_SHARED|MAP_ANONYMOUS), which
// fork keeps shared: a private shared-memory segment of one page.
func libMmap(m *Machine, t *thread, _ *Instr) rc {
	n, flags, fd := m.arg(t, 1), m.arg(t, 3), m.arg(t, 4)
	if flags&(mapShared|mapAnonymous) != mapShared|mapAnonymous || fd != -1 {
		m.fail(t.p.pid, t.tid, errorf(ErrInvalid, "mmap: this lab maps only MAP_SHARED|MAP_ANONYMOUS memory with fd -1"))
		return ret(t, -1)
	}
	if n <= 0 || n > shmPages*PageSize {
		m.fail(t.p.pid, t.tid, errorf(ErrInvalid, "mmap(%d bytes): this lab maps at most %d bytes at a time", n, shmPages*PageSize))
		return ret(t, -1)
	}
	key := int64(-1)
	for m.segs[key] != nil { // anonymous: a key nobody else can name
		key--
	}
	addr, err := m.shmMap(t, key)
	if err != nil {
		m.fail(t.p.pid, t.tid, err)
		return ret(t, -1)
	}
	return ret(t, int64(addr))
}

// libMunmap removes the mapping at addr (the segment lives on while other
// processes map it).
func libMunmap(m *Machine, t *thread, _ *Instr) rc {
	addr := uint64(m.arg(t, 0))
	as := t.p.as
	r, ok := as.region(addr)
	if !ok || r.Start != addr || r.Kind != RegionShared {
		return m.sysFail(t, errorf(ErrInvalid, "munmap(%#x): not the start of a mapping mmap returned", addr))
	}
	as.removeRegions(func(x Region) bool { return x == r })
	m.unmapRange(as, r.Start, r.End)
	return ret(t, 0)
}

// libMemcpy copies n addresses' values (one value per address).
func libMemcpy(m *Machine, t *thread, _ *Instr) rc {
	dst, src, n := uint64(m.arg(t, 0)), uint64(m.arg(t, 1)), m.arg(t, 2)
	for i := int64(0); i < n && m.flt == FaultNone; i++ {
		v, f := m.read(t, src+uint64(i))
		if f != FaultNone {
			m.flt, m.fltAddr = f, src+uint64(i)
			break
		}
		m.storeAt(t, dst+uint64(i), v)
	}
	return ret(t, int64(dst))
}

func libMemset(m *Machine, t *thread, _ *Instr) rc {
	dst, c, n := uint64(m.arg(t, 0)), int64(int8(m.arg(t, 1))), m.arg(t, 2)
	for i := int64(0); i < n && m.flt == FaultNone; i++ {
		m.storeAt(t, dst+uint64(i), c)
	}
	return ret(t, int64(dst))
}

func libStrlen(m *Machine, t *thread, _ *Instr) rc {
	return ret(t, int64(len(m.cstring(t, uint64(m.arg(t, 0))))))
}

func libStrcmp(m *Machine, t *thread, _ *Instr) rc {
	a, b := m.cstring(t, uint64(m.arg(t, 0))), m.cstring(t, uint64(m.arg(t, 1)))
	return ret(t, int64(strings.Compare(a, b)))
}

func libStrcpy(m *Machine, t *thread, _ *Instr) rc {
	dst := uint64(m.arg(t, 0))
	s := m.cstring(t, uint64(m.arg(t, 1))) + "\x00"
	for i := 0; i < len(s) && m.flt == FaultNone; i++ {
		m.storeAt(t, dst+uint64(i), int64(int8(s[i])))
	}
	return ret(t, int64(dst))
}
