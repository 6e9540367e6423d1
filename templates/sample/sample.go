// Package sample builds realistic lab views without a simulator: the states
// a student reaches in the first lesson (a thread spawned, a fork, a write
// in the child), with the addresses a real Linux x86-64 process shows. The
// component tests and the browser tests draw these.
package sample

import (
	"fmt"

	"procscope/templates"
)

const (
	textStart  = 0x555555555000
	rodata     = 0x555555556000
	dataStart  = 0x555555558000
	bssStart   = 0x555555559000
	heapStart  = 0x55555555a000
	heapEnd    = heapStart + 132<<10
	stackTop   = 0x7ffffffff000
	mainStack  = stackTop - 132<<10
	threadTop  = 0x7ffff7fff000
	threadSize = 8 << 20
	kernel     = 0xffff800000000000
)

func hex(n uint64) string { return fmt.Sprintf("%#x", n) }

// Size prints a byte count the way a memory map label wants it.
func Size(n uint64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	f := float64(n)
	i := 0
	for f >= 1024 && i < len(units)-1 {
		f /= 1024
		i++
	}
	if f == float64(uint64(f)) {
		return fmt.Sprintf("%d %s", uint64(f), units[i])
	}
	return fmt.Sprintf("%.1f %s", f, units[i])
}

func region(kind string, start, end uint64, perm string) templates.MapRow {
	return templates.MapRow{Kind: kind, Start: hex(start), End: hex(end), Size: Size(end - start), Perm: perm, Pages: int((end - start) / 4096)}
}

func gap(lo, hi uint64) templates.MapRow {
	return templates.MapRow{Gap: true, GapSize: Size(hi - lo)}
}

// process builds one process like a fresh pid of the linux profile, with
// extra threads (tids) stacked in the mmap area, and the given value of the
// global counter.
func process(pid, ppid int, name string, tids []int, counter string, cowPages int) templates.Process {
	p := templates.Process{Pid: pid, PPid: ppid, Name: name, State: "running", Globals: []string{"counter", "limit"}}
	for i, tid := range tids {
		th := templates.Thread{Tid: tid, Pid: pid, Color: tid % 8, State: "ready", CPU: -1, Line: 3 + 2*i, Main: i == 0, Depth: 1 + i}
		th.PC = hex(textStart + 0x40 + uint64(8*th.Line))
		if i == 0 {
			th.SP = hex(stackTop - 0x1a0)
		} else {
			th.SP = hex(threadTop - uint64(i-1)*(threadSize+4096) - 0x10e0)
		}
		p.Threads = append(p.Threads, th)
	}
	if len(p.Threads) > 0 {
		p.Threads[0].State = "running"
		p.Threads[0].CPU = 0
	}
	rows := []templates.MapRow{region("kernel", kernel, 0xffffffffffffffff, "---")}
	rows = append(rows, gap(stackTop, kernel))
	ms := region("stack", mainStack, stackTop, "rw-")
	ms.Owner, ms.OwnerColor = tids[0], tids[0]%8
	ms.Markers = []templates.Marker{{Tid: tids[0], Color: tids[0] % 8, Reg: "sp", Addr: p.Threads[0].SP}}
	ms.Frames = []templates.StackFrame{
		{Func: "work", Addr: hex(stackTop - 0x1a0), Ret: hex(textStart + 0x9c), SavedBP: hex(stackTop - 0x150), Locals: []templates.Local{{Name: "i", Value: "3"}}},
		{Func: "main", Addr: hex(stackTop - 0x150), Ret: "0x7ffff7df2d90", SavedBP: "0x0"},
	}
	rows = append(rows, ms)
	low := uint64(threadTop)
	var mmapRows []templates.MapRow
	for i, tid := range tids[1:] {
		top := threadTop - uint64(i)*(threadSize+4096)
		st := region("stack", top-threadSize, top, "rw-")
		st.Owner, st.OwnerColor = tid, tid%8
		st.Markers = []templates.Marker{{Tid: tid, Color: tid % 8, Reg: "sp", Addr: p.Threads[i+1].SP}}
		st.Frames = []templates.StackFrame{{Func: "worker", Addr: p.Threads[i+1].SP, Ret: "0x7ffff7e3fac3", SavedBP: "0x0"}}
		g := region("guard", top-threadSize-4096, top-threadSize, "---")
		g.Owner, g.OwnerColor = tid, tid%8
		mmapRows = append(mmapRows, st, g)
		low = top - threadSize - 4096
	}
	if len(mmapRows) > 0 {
		rows = append(rows, gap(threadTop, mainStack))
		rows = append(rows, mmapRows...)
	}
	rows = append(rows, gap(heapEnd, low))
	h := region("heap", heapStart, heapEnd, "rw-")
	h.Heap = []templates.HeapBlock{{Addr: hex(heapStart + 0x2a0), Size: "64 B"}, {Addr: hex(heapStart + 0x2f0), Size: "1 KiB", Free: true}}
	b := region("bss", bssStart, bssStart+4096, "rw-")
	b.Globals = []templates.Global{{Name: "limit", Addr: hex(bssStart + 0x10), Size: "8 B", Value: "0", Cow: cowPages > 0}}
	d := region("data", dataStart, dataStart+4096, "rw-")
	d.Globals = []templates.Global{{Name: "counter", Addr: hex(dataStart + 0x10), Size: "8 B", Value: counter}}
	ro := region("rodata", rodata, rodata+4096, "r--")
	ro.Globals = []templates.Global{{Name: "greeting", Addr: hex(rodata + 4), Size: "14 B", Value: `"hello, world"`}}
	tx := region("text", textStart, textStart+4096, "r-x")
	for _, th := range p.Threads {
		tx.Markers = append(tx.Markers, templates.Marker{Tid: th.Tid, Color: th.Tid % 8, Reg: "pc", Addr: th.PC, Line: th.Line})
	}
	if cowPages > 0 {
		tx.CowPages, ro.CowPages, b.CowPages, h.CowPages = 1, 1, 1, 33
	}
	rows = append(rows, h, b, d, ro, tx)
	p.Map = rows
	return p
}

// Program is the default lesson program.
func Program(threads []templates.Thread) templates.Program {
	src := []string{
		"# count up in a global, from every thread",
		"main:",
		"  mov $5, %bx",
		"  spawn worker",
		"loop:",
		"  mov counter, %ax",
		"  add $1, %ax",
		"  mov %ax, counter",
		"  sub $1, %bx",
		"  test $0, %bx",
		"  jgt loop",
		"  halt",
		"worker:",
		"  call work",
		"  halt",
	}
	prog := templates.Program{Name: "count.s"}
	for i, s := range src {
		l := templates.SourceLine{N: i + 1, Text: s, Label: len(s) > 0 && s[len(s)-1] == ':'}
		for _, th := range threads {
			if th.Line == l.N {
				l.Threads = append(l.Threads, templates.ThreadMark{Tid: th.Tid, Pid: 2, Color: th.Color, Instr: -1})
			}
		}
		prog.Lines = append(prog.Lines, l)
		prog.Source += s + "\n"
	}
	return prog
}

// Forked is the lab after: spawn a thread in pid 2, fork pid 2 (child 4),
// write counter=7 in the child (one copy-on-write fault).
func Forked() templates.Lab {
	parent := process(2, 1, "main", []int{2, 3}, "0", 0)
	child := process(4, 2, "main", []int{4}, "7", 1)
	initp := process(1, 0, "init", []int{1}, "0", 0)
	initp.Children, initp.System = []int{2}, true
	initp.Threads[0].State, initp.Threads[0].CPU = "blocked", -1
	parent.Children = []int{4}
	child.Threads[0].State, child.Threads[0].CPU = "ready", -1
	lab := templates.Lab{
		Tick: 42, Clock: "187.4 µs", Instructions: 31, Profile: "linux-x86_64", CanBack: true,
		Procs: []templates.Process{initp, parent, child},
		CPUs:  []templates.CPU{{ID: 0, Tid: 2, Pid: 2, Color: 2}},
		Frames: []templates.Frame{
			{Index: 0, Refs: 1, Kind: "text", Maps: []templates.FrameMap{{Pid: 1, VPage: hex(textStart)}}},
			{Index: 5, Refs: 2, Cow: true, Kind: "text", Maps: []templates.FrameMap{{Pid: 2, VPage: hex(textStart)}, {Pid: 4, VPage: hex(textStart)}}},
			{Index: 6, Refs: 2, Cow: true, Kind: "rodata", Maps: []templates.FrameMap{{Pid: 2, VPage: hex(rodata)}, {Pid: 4, VPage: hex(rodata)}}},
			{Index: 7, Refs: 1, Kind: "data", Maps: []templates.FrameMap{{Pid: 2, VPage: hex(dataStart)}}},
			{Index: 8, Refs: 2, Cow: true, Kind: "bss", Maps: []templates.FrameMap{{Pid: 2, VPage: hex(bssStart)}, {Pid: 4, VPage: hex(bssStart)}}},
			{Index: 9, Refs: 2, Cow: true, Kind: "heap", Maps: []templates.FrameMap{{Pid: 2, VPage: hex(heapStart)}, {Pid: 4, VPage: hex(heapStart)}}},
			{Index: 10, Refs: 1, Kind: "stack", Maps: []templates.FrameMap{{Pid: 2, VPage: hex(stackTop - 4096)}}},
			{Index: 11, Refs: 1, Kind: "stack", Maps: []templates.FrameMap{{Pid: 2, VPage: hex(threadTop - 4096)}}},
			{Index: 12, Refs: 1, Kind: "stack", Maps: []templates.FrameMap{{Pid: 4, VPage: hex(stackTop - 4096)}}},
			{Index: 13, Refs: 1, Kind: "data", Fresh: true, Maps: []templates.FrameMap{{Pid: 4, VPage: hex(dataStart)}}},
		},
		Timeline: templates.Timeline{
			Width: 300, From: 0, To: 42, NowX: 300,
			Lanes: []templates.Lane{{CPU: 0, Slices: []templates.Slice{
				{X: 0, W: 85.7, Tid: 2, Pid: 2, Color: 2, From: 0, To: 12},
				{X: 85.7, W: 64.3, Tid: 3, Pid: 2, Color: 3, From: 12, To: 21},
				{X: 150, W: 78.2, Tid: 4, Pid: 4, Color: 4, From: 21, To: 32},
				{X: 228.2, W: 71.8, Tid: 2, Pid: 2, Color: 2, From: 32, To: 42},
			}}},
			Ticks: []templates.Tick{{X: 0, Label: "0"}, {X: 142.5, Label: "20"}, {X: 285.5, Label: "40"}},
			Switch: []templates.Switch{
				{X: 85.7, CPU: 0, Kind: "thread", Cost: "2.9 µs", From: 2, To: 3},
				{X: 150, CPU: 0, Kind: "process", Cost: "3.6 µs", From: 3, To: 4},
				{X: 228.2, CPU: 0, Kind: "process", Cost: "3.6 µs", From: 4, To: 2},
			},
		},
		Overhead: []templates.Cost{
			{Kind: "creation", Total: "74.0 µs", Share: "80%", W: 100},
			{Kind: "switching", Total: "10.0 µs", Share: "11%", W: 13.5},
			{Kind: "faults", Total: "4.8 µs", Share: "5%", W: 6.5},
			{Kind: "communication", Total: "501 ns", Share: "<1%", W: 0.7},
			{Kind: "sync", Total: "10 ns", Share: "<1%", W: 0.1},
			{Kind: "work", Total: "42 ns", Share: "<1%", W: 0.1},
			{Kind: "other", Total: "3.0 µs", Share: "3%", W: 4},
		},
		Pipes: []templates.Pipe{{ID: 1, Used: 2, Capacity: 8, Readers: 1, Writers: 2, Words: 3,
			Cells:   []templates.PipeCell{{Full: true, Value: "42"}, {Full: true, Value: "7"}, {}, {}, {}, {}, {}, {}},
			Holders: []templates.PipeHolder{{Pid: 2, FD: 3, End: "read"}, {Pid: 2, FD: 4, End: "write"}, {Pid: 4, FD: 4, End: "write"}}}},
		Mutexes: []templates.Mutex{{Name: "counter", Addr: hex(dataStart + 0x10), Pid: 2, Owner: templates.ThreadRef{Tid: 2, Color: 2},
			Queue: []templates.ThreadRef{{Tid: 3, Color: 3}}}},
	}
	lab.Program = Program(parent.Threads)
	lab.Events = []templates.Event{
		{Seq: 1, Tick: 3, Kind: "thread-created", Pid: 2, Tid: 2, Other: 3, Start: hex(threadTop - threadSize), End: hex(threadTop), Size: "8 MiB"},
		{Seq: 2, Tick: 12, Kind: "switch", Pid: 2, Tid: 2, Other: 3, Switch: "thread", Cost: "2.9 µs"},
		{Seq: 3, Tick: 17, Kind: "process-forked", Pid: 2, Tid: 3, Other: 4},
		{Seq: 4, Tick: 21, Kind: "switch", Pid: 2, Tid: 3, Other: 4, Switch: "process", Cost: "3.6 µs"},
		{Seq: 5, Tick: 25, Kind: "cow-fault", Pid: 4, Tid: 4, Addr: hex(dataStart + 0x10), OldFrame: 7, NewFrame: 13},
		{Seq: 6, Tick: 25, Kind: "write", Pid: 4, Tid: 4, Name: "counter", Addr: hex(dataStart + 0x10), Value: 7, New: true},
	}
	return lab
}

// Fresh is the lab right after reset: init and pid 2, nothing run yet.
func Fresh() templates.Lab {
	initp := process(1, 0, "init", []int{1}, "0", 0)
	initp.Children, initp.System = []int{2}, true
	initp.Threads[0].State, initp.Threads[0].CPU = "blocked", -1
	main := process(2, 1, "main", []int{2}, "0", 0)
	lab := templates.Lab{
		Tick: 0, Clock: "0 ns", Profile: "linux-x86_64",
		Procs: []templates.Process{initp, main},
		CPUs:  []templates.CPU{{ID: 0, Tid: 2, Pid: 2, Color: 2}},
		Frames: []templates.Frame{
			{Index: 0, Refs: 1, Kind: "text", Maps: []templates.FrameMap{{Pid: 1, VPage: hex(textStart)}}},
			{Index: 1, Refs: 1, Kind: "text", Maps: []templates.FrameMap{{Pid: 2, VPage: hex(textStart)}}},
			{Index: 2, Refs: 1, Kind: "data", Maps: []templates.FrameMap{{Pid: 2, VPage: hex(dataStart)}}},
		},
	}
	lab.Program = Program(main.Threads)
	return lab
}

// Crowded is a stress state: six processes, twenty threads, two CPUs, a
// zombie and an orphan adopted by init.
func Crowded() templates.Lab {
	lab := Forked()
	tid := 5
	var procs []templates.Process
	procs = append(procs, lab.Procs...)
	for pid := 5; pid <= 7; pid++ {
		tids := []int{}
		for range 5 {
			tids = append(tids, tid)
			tid++
		}
		p := process(pid, 4, "worker", tids, "1", 1)
		procs = append(procs, p)
		procs[2].Children = append(procs[2].Children, pid)
	}
	z := process(60, 2, "done", []int{60}, "0", 0)
	z.State, z.Exited, z.Exit, z.Threads, z.Map = "zombie", true, 3, nil, nil
	procs[1].Children = append(procs[1].Children, 60)
	orphan := process(61, 1, "orphan", []int{61}, "0", 0)
	orphan.Adopted = true
	procs[0].Children = append(procs[0].Children, 61)
	procs = append(procs, z, orphan)
	lab.Procs = procs
	lab.CPUs = append(lab.CPUs, templates.CPU{ID: 1, Tid: 7, Pid: 5, Color: 7})
	lab.Timeline.Lanes = append(lab.Timeline.Lanes, templates.Lane{CPU: 1, Slices: []templates.Slice{
		{X: 0, W: 160.7, Tid: 7, Pid: 5, Color: 7, From: 0, To: 22},
		{X: 160.7, W: 139.3, Tid: 8, Pid: 5, Color: 0, From: 22, To: 42},
	}})
	lab.Timeline.Switch = append(lab.Timeline.Switch, templates.Switch{X: 160.7, CPU: 1, Kind: "thread", Cost: "2.9 µs", From: 7, To: 8})
	return lab
}

// Spawned is Fresh after "spawn" from thread 2: a second thread with its own
// stack and guard page in the mmap area of the same process.
func Spawned() templates.Lab {
	lab := Fresh()
	initp := lab.Procs[0]
	main := process(2, 1, "main", []int{2, 3}, "0", 0)
	lab.Procs = []templates.Process{initp, main}
	lab.Tick, lab.Clock, lab.CanBack = 1, "9.7 µs", true
	lab.Frames = append(lab.Frames, templates.Frame{Index: 3, Refs: 1, Kind: "stack", Maps: []templates.FrameMap{{Pid: 2, VPage: hex(threadTop - 4096)}}})
	lab.Program = Program(main.Threads)
	lab.Events = []templates.Event{{Seq: 1, Tick: 1, Kind: "thread-created", Pid: 2, Tid: 2, Other: 3,
		Start: hex(threadTop - threadSize), End: hex(threadTop), Size: "8 MiB", New: true}}
	return lab
}

// ForkedClean is Spawned after "fork" from thread 2: child 4 has the same
// addresses and shares every frame copy-on-write; nothing written yet.
func ForkedClean() templates.Lab {
	lab := Forked()
	lab.Tick, lab.Clock = 2, "77.7 µs"
	child := process(4, 2, "main", []int{4}, "0", 1)
	child.Threads[0].State, child.Threads[0].CPU = "ready", -1
	lab.Procs[2] = child
	var frames []templates.Frame
	for _, f := range lab.Frames {
		switch f.Index {
		case 13:
			continue
		case 7:
			f.Refs, f.Cow = 2, true
			f.Maps = append(f.Maps, templates.FrameMap{Pid: 4, VPage: hex(dataStart)})
		}
		frames = append(frames, f)
	}
	lab.Frames = frames
	lab.Events = []templates.Event{
		{Seq: 1, Tick: 1, Kind: "thread-created", Pid: 2, Tid: 2, Other: 3, Start: hex(threadTop - threadSize), End: hex(threadTop), Size: "8 MiB"},
		{Seq: 2, Tick: 2, Kind: "process-forked", Pid: 2, Tid: 2, Other: 4, New: true},
	}
	return lab
}
