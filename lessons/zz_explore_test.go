package lessons

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"procscope/sim"
)

func TestZZExplore(t *testing.T) {
	name := os.Getenv("LESSON")
	if name == "" {
		t.Skip()
	}
	var m meta
	b0, _ := os.ReadFile(name + "/lesson.json")
	json.Unmarshal(b0, &m)
	p0, _ := os.ReadFile(name + "/program.s")
	l := Lesson{Program: string(p0), Profile: m.Profile, StackSize: m.StackSize, Interrupt: m.Interrupt, CPUs: m.CPUs, Threads: m.Threads, ThreadArgs: m.ThreadArgs}
	if prog := os.Getenv("PROG"); prog != "" {
		b, _ := os.ReadFile(prog)
		l.Program = string(b)
	}
	lab, err := sim.NewLab(l.Config(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(os.Getenv("CMDS"), ";") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		a, err := ParseAction(line)
		if err != nil {
			t.Fatal(err)
		}
		c, ok, err := a.Resolve(lab.Machine(), 1_000_000)
		fmt.Printf(">> %s => %v %v %v\n", line, c, ok, err)
		if !ok {
			continue
		}
		for _, e := range lab.Apply(c) {
			if e.Kind == sim.EvSwitch && os.Getenv("SW") == "" {
				continue
			}
			fmt.Printf("  %s pid=%d tid=%d other=%d val=%d name=%q old=%d new=%d addr=%#x cost=%d\n", e.Kind, e.Pid, e.Tid, e.Other, e.Value, e.Name, e.OldFrame, e.NewFrame, e.Addr, e.Cost)
		}
	}
	st := lab.Machine().State()
	fmt.Printf("tick=%d clock=%d instrs=%d frames=%d overhead=%+v\n", st.Tick, st.Clock, st.Instructions, len(st.Frames), st.Overhead)
	for _, p := range st.Processes {
		fmt.Printf("pid %d ppid %d %s status=%v adopted=%v\n", p.Pid, p.PPid, p.State, p.Status, p.Adopted)
		for _, g := range p.Globals {
			fmt.Printf("   global %s %s @%#x = %d\n", g.Name, g.Section, g.Addr, g.Value)
		}
		for _, th := range p.Threads {
			fmt.Printf("   tid %d %s line=%d regs=%+v depth=%d waiting=%s\n", th.Tid, th.State, th.Line, th.Regs, len(th.Frames)+th.MoreFrames, th.Waiting)
		}
		for _, r := range p.Regions {
			var fr []int
			for _, pg := range r.Pages {
				fr = append(fr, pg.Frame)
			}
			fmt.Printf("   region %s %#x-%#x frames=%v\n", r.Kind, r.Start, r.End, fr)
		}
	}
	for _, f := range st.Frames {
		fmt.Printf("frame %d refs %d %v\n", f.Index, f.Refs, f.Maps)
	}
}
