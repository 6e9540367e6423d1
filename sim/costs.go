package sim

// Costs is the cost model: simulated nanoseconds per operation. Every
// entry comes from shared/facts/linux-x86_64.md (the line is cited in
// CostTable) or is derived from those numbers with the reasoning written
// next to it. A zero Config.Costs means DefaultCosts.
type Costs struct {
	Instr             uint64 // one instruction of useful work
	Syscall           uint64 // a bare system call (commands, exit-less calls)
	Fork              uint64 // fork of a small process, before its page tables
	ForkPerPTE        uint64 // copying one page table entry during fork
	ThreadCreate      uint64 // pthread_create
	Exec              uint64 // exec alone
	Exit              uint64 // process exit (tearing down the address space)
	ThreadExit        uint64 // one thread's exit
	Wait              uint64 // reaping a child
	SwitchThread      uint64 // context switch between threads of one process
	SwitchProcess     uint64 // context switch between processes, direct part
	TLBRefill         uint64 // one TLB refill (page walk) after a process switch
	TLBRefillAccesses uint64 // how many memory accesses after a process switch pay TLBRefill
	COWFault          uint64 // copy-on-write page fault
	COWReuse          uint64 // write fault on a copy-on-write page no one else maps: reused, not copied
	FirstTouch        uint64 // first touch of a fresh page
	PipeCall          uint64 // one read or write call on a pipe (system call included)
	PipePerWord       uint64 // copying one 8-byte word through the pipe buffer
	SharedAccess      uint64 // one word loaded or stored in memory another thread or process reads
	MutexLock         uint64 // uncontended lock
	MutexUnlock       uint64 // uncontended unlock
	MutexContended    uint64 // extra for a lock that must sleep or an unlock that must wake (futex call)
	AtomicAdd         uint64 // fetchadd (lock xadd)
	Malloc, Free      uint64
	Signal            uint64 // delivering a signal
}

// DefaultCosts is the calibrated model. Ratios that matter for teaching
// (checked by TestCalibration): process switch / thread switch ≈ 1.24,
// fork / pthread_create ≈ 7.3 for a small process, pipe / shared hand-off
// of a 64-byte message ≈ 32.
var DefaultCosts = Costs{
	Instr:             1,
	Syscall:           240,
	Fork:              65_000,
	ForkPerPTE:        80,
	ThreadCreate:      9_000,
	Exec:              880_000,
	Exit:              80_000,
	ThreadExit:        10_000,
	Wait:              2_000,
	SwitchThread:      2_870,
	SwitchProcess:     3_320,
	TLBRefill:         30,
	TLBRefillAccesses: 8,
	COWFault:          4_000,
	COWReuse:          1_300,
	FirstTouch:        3_000,
	PipeCall:          250,
	PipePerWord:       1,
	SharedAccess:      1,
	MutexLock:         5,
	MutexUnlock:       5,
	MutexContended:    240,
	AtomicAdd:         3,
	Malloc:            60,
	Free:              40,
	Signal:            2_000,
}

// CostEntry is one row of the cost table: the operation, its cost and
// where the number comes from.
type CostEntry struct {
	Name   string
	NS     uint64
	Source string // "facts line N: ..." or "derived: ..."
}

// Table lists every cost with its source, in the order of docs/costs.md.
func (c Costs) Table() []CostEntry {
	return []CostEntry{
		{"instruction", c.Instr, "derived: ~1 ns per simple instruction on a ~3 GHz core with some ILP; the facts time no single instruction"},
		{"system call", c.Syscall, "facts line 69: system call (bare) ~240 ns"},
		{"fork base", c.Fork, "facts line 57: fork() returning in the parent, small process 65–72 µs"},
		{"fork per page table entry", c.ForkPerPTE, "facts line 59: fork with touched heap ≈ 80 ns per page table entry"},
		{"pthread_create", c.ThreadCreate, "facts line 63: pthread_create 8.7–10.7 µs"},
		{"exec", c.Exec, "derived: facts line 62 fork+exec 0.94–1.02 ms minus fork (line 57, ~70 µs) and a switch ≈ 880 µs"},
		{"process exit", c.Exit, "derived: facts line 58 fork+exit+wait 172–189 µs minus fork (~70 µs), wait, two switches and the child's first faults ≈ 80 µs"},
		{"thread exit", c.ThreadExit, "derived: facts line 63 create+join 22–28 µs minus create (~9.7 µs), a switch (2.87 µs) and the join's futex call ≈ 10 µs"},
		{"wait (reap)", c.Wait, "derived: a system call plus freeing the task (~8 syscalls' worth); hidden inside line 58's total"},
		{"switch between threads", c.SwitchThread, "facts line 65: context switch, threads of one process 2.87 µs"},
		{"switch between processes", c.SwitchProcess, "facts line 66: 3.56 µs, minus the TLB refills below (8 × 30 ns) that the measured ping-pong paid after each switch"},
		{"TLB refill", c.TLBRefill, "derived: one page walk with the page tables in cache ≈ 30 ns; (3.56 − 2.87 µs) covers the extra address-space work plus these refills"},
		{"TLB refill accesses", c.TLBRefillAccesses, "derived: a futex ping-pong touches ~8 pages (stack, futex word, code, data) after each switch"},
		{"copy-on-write fault", c.COWFault, "facts line 67: copy-on-write page fault 3.6–6.5 µs"},
		{"copy-on-write reuse fault", c.COWReuse, "derived: measured here (reuse.c in docs/costs.md: 4096 pages written after fork, child alive vs exited) a write fault that reuses the page costs 0.28–0.36 of one that copies it; × line 67's 4 µs ≈ 1.3 µs"},
		{"first-touch fault", c.FirstTouch, "facts line 68: first touch of a fresh page 2.8–9.1 µs"},
		{"pipe call", c.PipeCall, "facts line 70: a 64-byte message through a pipe costs 481–541 ns for a write and a read, i.e. two system calls (line 69) plus ~10 ns of pipe work each"},
		{"pipe per 8-byte word", c.PipePerWord, "derived: each word is copied into and out of the kernel buffer at ~16 GB/s; 64 bytes add 2 × 8 ns, which keeps line 70's 481–541 ns"},
		{"shared-memory access", c.SharedAccess, "facts line 70: a 64-byte hand-off through shared memory 6.5–23 ns = 8 stores + 8 loads of ~1 ns"},
		{"mutex lock (uncontended)", c.MutexLock, "facts line 71: uncontended lock+unlock 8–11 ns, half each"},
		{"mutex unlock (uncontended)", c.MutexUnlock, "facts line 71: uncontended lock+unlock 8–11 ns, half each"},
		{"mutex contended (futex)", c.MutexContended, "derived: a contended lock sleeps and a contended unlock wakes with one futex system call each (line 69); the switch is charged separately"},
		{"atomic add", c.AtomicAdd, "derived: facts lines 82–83 say a mutex is ~3–4× slower than an atomic add: 10 ns / 3.5 ≈ 3 ns"},
		{"malloc", c.Malloc, "derived: glibc's fast path is tens of ns; no system call"},
		{"free", c.Free, "derived: glibc's free fast path"},
		{"signal delivery", c.Signal, "derived: kill system call plus the kernel's signal frame setup, ~8 system calls' worth"},
	}
}

func (c Costs) orDefault() Costs {
	if c == (Costs{}) {
		return DefaultCosts
	}
	return c
}
