package cc

import (
	"fmt"
	"strings"

	"procscope/sim"
)

// Result is what a program run to completion wrote and how it ended.
type Result struct {
	Stdout, Stderr string
	// Status is the shell's $? for the program's process: its exit code,
	// or 128 + the signal that killed it.
	Status int
	// Output is every terminal write in order, with the writing pid.
	Output       []sim.Event
	Instructions uint64
	Machine      *sim.Machine
}

// Config is the machine a C program runs on: the linux-x86_64 profile, a
// pipe that buffers bytes as Linux's (64 KiB), and the compiled program.
func Config(prog *sim.Program) sim.Config {
	return sim.Config{Profile: sim.LinuxX8664.Name, Code: prog, PipeCapacity: 64 << 10}
}

// Run runs prog until no thread can run or limit instructions have run.
func Run(prog *sim.Program, limit int64) (*Result, error) { return RunConfig(Config(prog), limit) }

// RunConfig runs a machine configuration as Run does (Config, plus the
// lab's other programs for exec, say).
func RunConfig(cfg sim.Config, limit int64) (*Result, error) {
	m, err := sim.New(cfg)
	if err != nil {
		return nil, err
	}
	res := &Result{Machine: m}
	var out, errb strings.Builder
	per := m.Config().Limits.MaxStepsPerCommand
	for ran := int64(0); ran < limit; {
		n := min(per, limit-ran)
		evs := m.Apply(sim.Command{Op: sim.CmdUntil, Name: sim.UntilHalt, N: n})
		stopped := false
		for _, e := range evs {
			switch e.Kind {
			case sim.EvOutput:
				res.Output = append(res.Output, e)
				if e.FD == 2 {
					errb.WriteString(e.Name)
				} else {
					out.WriteString(e.Name)
				}
			case sim.EvStopped:
				ran += e.Value
				stopped = e.Name == sim.UntilHalt
			case sim.EvError:
				if e.Err != nil {
					fmt.Fprintf(&errb, "procscope: pid %d: %s\n", e.Pid, e.Err.Msg)
				}
			}
		}
		if stopped {
			break
		}
	}
	res.Stdout, res.Stderr = out.String(), errb.String()
	res.Instructions = m.Instructions()
	for _, p := range m.State().Processes {
		if p.Pid == 2 {
			if p.State == sim.ProcRunning {
				return res, fmt.Errorf("the program did not finish in %d instructions (or every thread is blocked)", limit)
			}
			res.Status = p.Status.Shell()
		}
	}
	return res, nil
}
