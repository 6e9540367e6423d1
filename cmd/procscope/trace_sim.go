package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"procscope/sim"
	"procscope/sim/asm"
)

// errNoSim is kept for engines that cannot run (the golden tests skip on
// it).
var errNoSim = errors.New("the simulator is not in this build")

// x86Pid is the process x86.py's threads belong to: the first program runs
// as pid 2 (pid 1 is init), and its threads get tids 2, 3, ... in order.
const x86Pid = 2

// x86MaxInstructions stops a program that never halts (x86.py would run
// forever).
var x86MaxInstructions int64 = 10_000_000

// simRunX86 runs an x86.py setup on the sim package's machine in its ostep
// profile and prints the table from the machine's observer.
func simRunX86(s x86Setup, t *x86Table) (int64, error) {
	cfg := sim.Config{
		Seed: s.Seed, Profile: "ostep", Program: s.Source, Threads: s.Threads,
		Interrupt: int(s.Interrupt), RandomInterrupts: s.RandInts,
		MemSize: int(s.MemSize), LoadAddr: uint64(s.LoadAddr),
	}
	if s.LoadAddr <= 0 {
		return 0, fmt.Errorf("-L %d: expected a load address above 0", s.LoadAddr)
	}
	for _, ri := range s.Regs {
		var parts []string
		for _, r := range ri {
			parts = append(parts, r.Reg.String()+"="+strconv.FormatInt(r.Value, 10))
		}
		cfg.ThreadArgs = append(cfg.ThreadArgs, strings.Join(parts, ":"))
	}
	for _, id := range s.Sched {
		cfg.Schedule = append(cfg.Schedule, x86Pid+id)
	}
	m, err := sim.New(cfg)
	if err != nil {
		return 0, err
	}
	if err := checkVarAddrs(m, s.Prog, t); err != nil {
		return 0, err
	}
	o := &simObserver{m: m, prog: s.Prog, t: t}
	m.SetObserver(o)
	t.start(o.view(m.Current(0)))
	var n int64
	for n < x86MaxInstructions && o.err == nil {
		before := m.State().Instructions
		evs := m.Apply(sim.Command{Op: sim.CmdStep, N: min(100_000, x86MaxInstructions-n)})
		n += int64(m.State().Instructions - before)
		for _, e := range evs {
			if e.Kind == sim.EvError || e.Kind == sim.EvSegfault {
				return n, fmt.Errorf("the simulator stopped the program: %s", describeEvent(e))
			}
			if e.Kind == sim.EvIdle {
				return n, o.err
			}
		}
	}
	if o.err != nil {
		return n, o.err
	}
	return n, fmt.Errorf("stopped after %d instructions: the program has not halted (x86.py would run forever)", n)
}

func describeEvent(e sim.Event) string {
	if e.Err != nil {
		return e.Err.Error()
	}
	return fmt.Sprintf("%s at address %d (tid %d)", e.Kind, e.Addr, e.Tid)
}

// checkVarAddrs makes sure the table's -M variables are where the machine
// put them.
func checkVarAddrs(m *sim.Machine, p *asm.Program, t *x86Table) error {
	globals := map[string]uint64{}
	for _, ps := range m.State().Processes {
		if ps.Pid == x86Pid {
			for _, g := range ps.Globals {
				globals[g.Name] = g.Addr
			}
		}
	}
	for _, c := range t.mem {
		if c.num {
			continue
		}
		if a, ok := globals[c.name]; !ok || int64(a) != c.addr {
			return fmt.Errorf("variable %s: the machine placed it at %d, x86.py's layout at %d", c.name, a, c.addr)
		}
	}
	return nil
}

// simObserver turns the machine's per-instruction reports into rows.
type simObserver struct {
	m    *sim.Machine
	prog *asm.Program
	t    *x86Table
	err  error
}

func (o *simObserver) view(tid int) simView {
	return simView{m: o.m, tid: tid}
}

func (o *simObserver) Step(s sim.StepInfo) {
	if o.err != nil {
		return
	}
	in := asm.Instr{Text: s.Text, Op: strings.Fields(s.Text + " ?")[0]}
	if s.Index >= 0 && s.Index < len(o.prog.Instrs) && o.prog.Instrs[s.Index].Text == s.Text {
		in = o.prog.Instrs[s.Index]
	}
	o.t.beforeInstr()
	o.t.instr(o.view(s.Tid), s.Tid-x86Pid, int64(s.PC), in)
	o.err = o.t.err
}

func (o *simObserver) Scheduled(s sim.SchedInfo) {
	if o.err != nil || s.To == 0 {
		return
	}
	switch s.Reason {
	case "halt":
		o.t.halt(o.view(s.To))
	case "interrupt", "yield", "manual":
		o.t.interrupt(o.view(s.To), s.From != s.To)
	}
	o.err = o.t.err
}

// simView reads one thread's registers and pid 2's memory.
type simView struct {
	m   *sim.Machine
	tid int
}

func (v simView) Reg(r asm.Reg) int64 {
	regs, _ := v.m.Registers(v.tid)
	switch r {
	case asm.AX:
		return regs.AX
	case asm.BX:
		return regs.BX
	case asm.CX:
		return regs.CX
	case asm.DX:
		return regs.DX
	case asm.EX:
		return regs.EX
	case asm.FX:
		return regs.FX
	case asm.SP:
		return regs.SP
	case asm.BP:
		return regs.BP
	case asm.Zero:
		return regs.Zero
	}
	return 0
}

// simCondBits maps the -C column order (>=, >, <=, <, !=, ==) to
// sim.Registers.Flags bits (GT, GTE, LT, LTE, EQ, NEQ from bit 0).
var simCondBits = [6]uint8{1 << 1, 1 << 0, 1 << 3, 1 << 2, 1 << 5, 1 << 4}

func (v simView) Cond(i int) bool {
	regs, _ := v.m.Registers(v.tid)
	return regs.Flags&simCondBits[i] != 0
}

func (v simView) Load(addr int64) (int64, bool) {
	if addr < 0 {
		return 0, false
	}
	return v.m.Peek(x86Pid, uint64(addr))
}

// traceScript runs one lab command per line (docs/commands.md) on a
// machine built from -s and -p (default: the built-in program), then
// prints the event log, or with --json the final state.
func traceScript(ctx context.Context, o traceOptions, stdout io.Writer) error {
	text, err := os.ReadFile(o.Script)
	if err != nil {
		return fmt.Errorf("trace: cannot read the script: %w", err)
	}
	type line struct {
		n   int
		cmd sim.Command
	}
	var cmds []line
	var bad []string
	for i, l := range strings.Split(string(text), "\n") {
		if c, _, _ := strings.Cut(l, "#"); strings.TrimSpace(c) == "" {
			continue
		}
		c, err := sim.ParseCommand(l)
		if err != nil {
			bad = append(bad, fmt.Sprintf("%s:%d: %v", o.Script, i+1, err))
			continue
		}
		cmds = append(cmds, line{i + 1, c})
	}
	if len(bad) > 0 {
		return fmt.Errorf("trace: the script has %d bad line(s):\n%s", len(bad), strings.Join(bad, "\n"))
	}
	cfg := sim.Config{Seed: o.Seed}
	if o.Program != "" {
		src, err := os.ReadFile(o.Program)
		if err != nil {
			return fmt.Errorf("trace: cannot read the program: %w", err)
		}
		cfg.Program = string(src)
	}
	lab, err := sim.NewLab(cfg)
	if err != nil {
		return fmt.Errorf("trace: %w", err)
	}
	for _, c := range cmds {
		if err := ctx.Err(); err != nil {
			return err
		}
		evs := lab.Apply(c.cmd)
		if o.JSON {
			continue
		}
		fmt.Fprintln(stdout, sim.FormatCommandHeader(c.n, c.cmd))
		for _, e := range evs {
			fmt.Fprintln(stdout, sim.FormatEvent(e))
		}
	}
	if o.JSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(lab.Machine().State())
	}
	return nil
}
