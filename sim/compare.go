package sim

import (
	"fmt"
	"strings"
)

// The threads-versus-processes experiment: the same job done by N
// threads of one process and by N forked processes. Each worker counts
// its share of the work in a loop and reports back a 64-byte message (8
// words): threads store it into a global the main thread then loads;
// processes write it into a pipe the parent reads. The numbers come from
// running both programs on the machine with its cost model.

// Side is one half of the comparison.
type Side struct {
	Workers       int
	Result        int64  // the total the main thread or parent added up
	Creation      uint64 // ns creating the workers
	CreateEach    uint64 // ns per worker created
	Switches      int    // context switches
	Switching     uint64 // ns in switches and the TLB refills after them
	SwitchEach    uint64 // ns per switch
	Faults        uint64 // ns in page faults
	Communication uint64 // ns moving the reports
	MessageEach   uint64 // ns per 64-byte report
	Work          uint64 // ns of instructions
	Frames        int    // physical frames in use when the results are in
	PTEs          int    // page table entries, over every process
	Total         uint64 // simulated ns from start to the results
}

// Comparison is the experiment's side-by-side result.
type Comparison struct {
	Threads, Processes Side
}

// Ratios are the processes/threads ratios the lab shows next to the
// facts.
func (c Comparison) Ratios() (create, switching, message, total float64) {
	r := func(a, b uint64) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	return r(c.Processes.CreateEach, c.Threads.CreateEach), r(c.Processes.SwitchEach, c.Threads.SwitchEach),
		r(c.Processes.MessageEach, c.Threads.MessageEach), r(c.Processes.Total, c.Threads.Total)
}

const reportWords = 8

// CompareThreadsProcesses runs the experiment with n workers sharing
// work loop iterations. cfg supplies the seed, CPUs, interrupt interval
// and costs; its program is replaced.
func CompareThreadsProcesses(n int, work int64, cfg Config) (Comparison, error) {
	if n < 1 || n > 32 || work < n64(n) || work > 1<<24 {
		return Comparison{}, fmt.Errorf("compare: %d workers, %d iterations: want 1..32 workers and n..16M iterations: %w", n, work, ErrInvalid)
	}
	cfg.Program, cfg.Threads, cfg.ThreadArgs, cfg.Schedule, cfg.Profile = "", 1, nil, nil, LinuxX8664.Name
	cfg.PipeCapacity = reportWords * n // room for every report: writers never wait
	if cfg.Limits.MaxProcs != 0 && cfg.Limits.MaxProcs < n+2 {
		cfg.Limits.MaxProcs = n + 2
	}
	share := work / n64(n)
	th, err := runSide(cfg, build("threads", threadsProgram(n, share)), n)
	if err != nil {
		return Comparison{}, err
	}
	// a thread's report is 8 stores by the worker and 8 loads by main
	th.Communication = uint64(2*reportWords*n) * cfg.Costs.orDefault().SharedAccess
	th.MessageEach = th.Communication / uint64(n)
	pr, err := runSide(cfg, build("processes", processesProgram(n, share)), n)
	if err != nil {
		return Comparison{}, err
	}
	return Comparison{Threads: th, Processes: pr}, nil
}

func n64(n int) int64 { return int64(n) }

// report stores the worker's count (cx) into 8 words at ex.
func report() string {
	var b strings.Builder
	for i := 0; i < reportWords; i++ {
		fmt.Fprintf(&b, "mov %%cx, %d(%%ex)\n", 8*i)
	}
	return b.String()
}

const countLoop = `mov $0, %%cx
.count%[1]s
add $1, %%cx
sub $1, %%bx
test $0, %%bx
jgt .count%[1]s
`

func threadsProgram(n int, share int64) string {
	return fmt.Sprintf(`.bss reports %[1]d
.main
mov $0, %%cx
.spawn
spawn .worker, %%cx
add $1, %%cx
test $%[2]d, %%cx
jlt .spawn
mov $3, %%cx
.join
join %%cx
add $1, %%cx
test $%[3]d, %%cx
jlt .join
lea reports, %%dx
mov $0, %%cx
.sum
`, n*reportWords*8, n, n+3) + loads() + fmt.Sprintf(`add %%ax, %%fx
add $64, %%dx
add $1, %%cx
test $%[1]d, %%cx
jlt .sum
print %%fx
exit $0
.worker
lea reports, %%ex
mul $64, %%ax
add %%ax, %%ex
mov $%[2]d, %%bx
`, n, share) + fmt.Sprintf(countLoop, "t") + report() + "thread-exit\n"
}

// loads reads a report at dx: 8 loads, the count ends up in ax.
func loads() string {
	var b strings.Builder
	for i := reportWords - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "mov %d(%%dx), %%ax\n", 8*i)
	}
	return b.String()
}

func processesProgram(n int, share int64) string {
	return fmt.Sprintf(`.bss reports %[1]d
.main
pipe
mov $0, %%cx
.fork
fork
test $0, %%ax
je .worker
add $1, %%cx
test $%[2]d, %%cx
jlt .fork
close $4
lea reports, %%ex
mov $0, %%cx
.sum
mov $%[3]d, %%dx
read $3, reports
mov reports, %%ax
add %%ax, %%fx
add $1, %%cx
test $%[2]d, %%cx
jlt .sum
print %%fx
mov $0, %%cx
.reap
wait
add $1, %%cx
test $%[2]d, %%cx
jlt .reap
exit $0
.worker
close $3
lea reports, %%ex
mov $%[4]d, %%bx
`, reportWords*8, n, reportWords, share) + fmt.Sprintf(countLoop, "p") + report() + fmt.Sprintf("mov $%d, %%dx\nwrite $4, reports\nexit $0\n", reportWords)
}

// printWatch snapshots the machine when the main thread prints its total
// and keeps the peak of memory use until then.
type printWatch struct {
	m        *Machine
	done     bool
	doneTick uint64
	side     Side
}

func (w *printWatch) Step(s StepInfo) {
	if !w.done && s.MemWrite {
		w.peak()
	}
	if w.done || s.Output == "" || s.Pid != 2 {
		return
	}
	m := w.m
	w.done, w.doneTick = true, m.tick
	w.peak()
	w.side.Result = m.lastPrint
	w.side.Creation, w.side.Switching, w.side.Faults = m.over.Creation, m.over.Switching, m.over.Faults
	w.side.Communication, w.side.Work, w.side.Total = m.over.Communication, m.over.Work, m.clock
}

// peak records the most frames and page table entries in use so far.
func (w *printWatch) peak() {
	m := w.m
	w.side.Frames = max(w.side.Frames, m.mem.used)
	ptes := 0
	for _, p := range m.procs {
		if p.as != nil && p.pid != 1 {
			ptes += len(p.as.pt)
		}
	}
	w.side.PTEs = max(w.side.PTEs, ptes)
}

func (w *printWatch) Scheduled(s SchedInfo) {
	if !w.done {
		w.peak()
	}
}

func runSide(cfg Config, prog *Program, n int) (Side, error) {
	m, err := New(Config{Seed: cfg.Seed, CPUs: cfg.CPUs, Interrupt: cfg.Interrupt, Code: prog, StackSize: cfg.StackSize,
		PipeCapacity: cfg.PipeCapacity, Costs: cfg.Costs, Limits: cfg.Limits})
	if err != nil {
		return Side{}, err
	}
	w := &printWatch{m: m, side: Side{Workers: n}}
	m.SetObserver(w)
	var messages uint64 // pipe reads and writes, and the waits they made
	for !w.done {
		before := m.instrs
		for _, e := range m.Apply(Command{Op: CmdStep, N: 1 << 20}) {
			if w.done && e.Tick > w.doneTick {
				break
			}
			switch {
			case e.Kind == EvSwitch:
				w.side.Switches++
			case e.Kind == EvPipeRead, e.Kind == EvPipeWrite, e.Kind == EvBlocked && strings.HasPrefix(e.Name, "pipe"):
				messages += e.Cost
			case e.Kind == EvError:
				return Side{}, fmt.Errorf("compare %s: %w", prog.Name, e.Err)
			}
		}
		if m.instrs == before {
			return Side{}, fmt.Errorf("compare %s: the program stopped before reporting: %w", prog.Name, ErrNoThread)
		}
	}
	w.side.CreateEach = w.side.Creation / uint64(n)
	w.side.MessageEach = messages / uint64(n)
	if w.side.Switches > 0 {
		w.side.SwitchEach = w.side.Switching / uint64(w.side.Switches)
	}
	return w.side, nil
}
