package lessons

import "procscope/sim"

// This file says which parts of the machine's state each probe reads,
// so that "until CHECK", which reads its check after every instruction,
// copies only those parts (sim.Machine.StateOf) and not the whole state
// with every C frame's locals. A probe not listed here gets the whole
// state: slower, never wrong.
var probeParts = map[string]sim.Parts{
	"global":    sim.PartProcesses | sim.PartMemory,
	"section":   sim.PartProcesses | sim.PartMemory,
	"frame":     sim.PartProcesses | sim.PartMemory,
	"refs":      sim.PartProcesses | sim.PartMemory | sim.PartFrames,
	"shared":    sim.PartProcesses | sim.PartMemory,
	"process":   sim.PartProcesses,
	"exit":      sim.PartProcesses,
	"signal":    sim.PartProcesses,
	"ppid":      sim.PartProcesses,
	"threads":   sim.PartProcesses,
	"processes": sim.PartProcesses,
	"zombies":   sim.PartProcesses,
	"thread":    sim.PartProcesses,
	"blocked":   sim.PartProcesses,
	"reg":       sim.PartProcesses,
	"line":      sim.PartProcesses,
	"stack":     sim.PartProcesses,
	"depth":     sim.PartProcesses | sim.PartCallFrames,
	"frames":    sim.PartFrames,
	"writers":   sim.PartIPC,
	"readers":   sim.PartIPC,
	"running":   sim.PartCPUs,
	// These read only the counters StateOf always fills in (clock,
	// overhead), the events, or a recorded run of the lesson.
	"events":   0,
	"printed":  0,
	"spent":    0,
	"cost":     0,
	"clock":    0,
	"elapsed":  0,
	"switched": 0,
}

// parts is what the probe reads of the state (none for a literal).
func (p Probe) parts() sim.Parts {
	if p.lit {
		return 0
	}
	if ps, ok := probeParts[p.Name]; ok {
		return ps
	}
	return sim.AllParts
}

// parts is what the check reads of the state.
func (c Check) parts() sim.Parts { return c.Left.parts() | c.Right.parts() }
