// Package viewmodel turns the simulated machine's state into what the page
// draws: plain view structs, already chosen, ordered and formatted, that the
// templates render without deciding anything of the model. It is pure (no
// I/O, no clock, no goroutines): a sim.State and its events in, a Lab out.
package viewmodel

// Lab is one moment of the simulated machine, ready to draw.
type Lab struct {
	Tick         uint64
	Clock        string // "12.4 µs"
	Instructions uint64
	Profile      string
	Playing      bool
	CanBack      bool
	Procs        []Process
	// Changes are the processes' change counters, one per process of
	// Procs in its order (Change).
	Changes []Change
	Frames  []Frame
	// Capped says, in the page's language, what the view leaves out past
	// its size cap (cap.go); empty when it draws everything.
	Capped   string
	CPUs     []CPU
	Timeline Timeline
	// Overhead is where the simulated time went, by category; its totals
	// add up to Clock.
	Overhead []Cost
	// Compare is the N-threads-vs-N-processes experiment (fixed: the same
	// for every lab).
	Compare  Comparison
	Pipes    []Pipe
	Mutexes  []Mutex
	Segments []Segment
	// Lessons lists the built-in lessons for the picker; Lesson is the one
	// this lab runs (empty: the default lab).
	Lessons []LessonItem
	Lesson  LessonText
	// Step is the lesson's current step (LessonStepPanel).
	Step    LessonStep
	Program Program
	// Terminal is what C programs printed (terminal.templ).
	Terminal Terminal
	// Events is the narrated log, oldest first (the page keeps the last few
	// hundred).
	Events []Event
}

// LiveCount is the number of live processes: neither zombie nor reaped.
func (l Lab) LiveCount() int {
	n := 0
	for _, p := range l.Procs {
		if p.Live() {
			n++
		}
	}
	return n
}

// ZombieCount is the number of zombies: exited, not yet waited for.
func (l Lab) ZombieCount() int {
	n := 0
	for _, p := range l.Procs {
		if p.State == "zombie" {
			n++
		}
	}
	return n
}

// ThreadCount is the number of live threads in all processes.
func (l Lab) ThreadCount() int {
	n := 0
	for _, p := range l.Procs {
		n += len(p.Threads)
	}
	return n
}

// Process is one process as the page shows it.
type Process struct {
	Pid     int
	PPid    int
	Name    string
	State   string // "running", "blocked", "zombie", "reaped"
	Exited  bool
	Exit    int64
	Adopted bool // its parent died and init (or a subreaper) took it
	// ActorTid is the thread a descriptor's commands act from (read,
	// write, close): the server picks one that can make a system call.
	ActorTid int
	// Subreaper marks a process that adopts its orphaned descendants.
	Subreaper bool
	Threads   []Thread
	// Map is the memory map top to bottom: high addresses first, with gaps.
	Map []MapRow
	// Globals lists the variables a "write global" control can target.
	Globals []string
	// CProgram says it runs a C program; ThreadFunc is the function its
	// "Spawn thread" starts ("" in C: no thread function, no button).
	CProgram   bool
	ThreadFunc string
	// Children are the pids of its children, for the process tree.
	Children []int
	// System marks init: drawn compactly, without commands.
	System bool
	// FDs is the descriptor table (beyond 0–2, the terminal).
	FDs []FD
	// CPUTime is the simulated time charged to its threads.
	CPUTime string
}

// Change is sim's change counters of the process at the same index of
// Lab.Procs (sim's changes.go): its view, and what the page draws of it
// alone, are the same while Version is; Shape is the counter of all but
// its threads' registers, lines, call frames and CPU time and its
// memory's values; Layout is the counter of all that but its threads'
// states and CPUs too (its map is the same while it is); Threads are its
// threads' versions, in order. No markup reads them: they are apart from
// the views so no model hashes them.
type Change struct {
	Pid                    int
	Version, Shape, Layout uint64
	Threads                []uint64
}

// FD is one open descriptor: which end of which pipe.
type FD struct {
	FD   int
	Pipe int
	End  string // "read" or "write"
}

// Live reports whether the process can still run commands.
func (p Process) Live() bool { return p.State == "running" || p.State == "blocked" }

// Thread is one thread of a process.
type Thread struct {
	Tid   int
	Pid   int
	Color int    // 0..7, a palette index; the label always goes with it
	State string // "running", "ready", "blocked", "halted", "exited"
	CPU   int    // -1 when not on a CPU
	PC    string
	SP    string
	BP    string
	// Regs are the general registers ax…fx, in that order, as decimals.
	Regs  []Reg
	Line  int // current source line, 0 if none
	Depth int // call frames on its stack
	Main  bool
	// Waiting says why a blocked thread waits: "child", "join",
	// "pipe-read", "pipe-write", "mutex" (empty when not blocked).
	Waiting string
	// WaitFor is the mutex owner's tid, the pipe, the child or thread it
	// waits for.
	WaitFor int
	CPUTime string
}

// Reg is one general register and its value.
type Reg struct {
	Name  string
	Value string
}

// MapRow is one row of a memory map: a region or a gap between regions.
type MapRow struct {
	Gap     bool
	GapSize string // "41.9 TiB" for a gap
	// NonCanonical marks the gap between the two canonical halves, which
	// no page table can ever map.
	NonCanonical bool
	Kind         string // "text", "rodata", "data", "bss", "heap", "mmap", "shared", "stack", "guard", "kernel"
	Start        string
	End          string
	Size         string
	Perm         string
	// Owner is the thread whose stack or guard page this is; 0 if shared.
	Owner      int
	OwnerColor int
	Pages      int
	CowPages   int
	Globals    []Global
	Heap       []HeapBlock
	Frames     []StackFrame // innermost first
	// OuterFrames counts the outermost frames not in Frames.
	OuterFrames int
	Markers     []Marker
	// Segment is the shared-memory segment a "shared" region maps, with
	// its key and frame (0: none).
	Segment    int
	SegmentKey int64
	SegFrames  []int
	// Mapped are the region's pages that have a frame, high first.
	Mapped []PageLink
}

// PageLink is one mapped virtual page and the frame it maps.
type PageLink struct {
	VPage string
	Frame int
	Cow   bool
}

// Axis is the user processes' maps side by side on one address axis.
// Rows are address bands, high first: a band where no process maps
// anything is a gap (one row across every column); otherwise each column
// has a cell starting there or one from above still spanning it.
type Axis struct {
	Procs []Process
	Rows  []AxisRow
}

// AxisRow is one address band.
type AxisRow struct {
	// Lo is the band's low address in hex, its row's id on the page.
	Lo      string
	Gap     bool
	GapSize string
	// NonCanonical marks the gap between the two canonical halves.
	NonCanonical bool
	// Cells are the cells that start in this band, in column order.
	Cells []AxisCell
}

// AxisCell is one process's region (or its unmapped stretch) over Span
// bands from its row down.
type AxisCell struct {
	Pid  int
	Span int
	// Empty marks a stretch this process does not map while another does;
	// Size is its size.
	Empty bool
	Size  string
	Row   MapRow
}

// ThreadRef names a thread with its colour.
type ThreadRef struct {
	Tid   int
	Color int
}

// Global is one global variable in data, bss or rodata.
type Global struct {
	Name  string
	Addr  string
	Size  string
	Value string
	Cow   bool // its page is still shared copy-on-write
}

// HeapBlock is one malloc'd block.
type HeapBlock struct {
	Addr string
	Size string
	Free bool
}

// StackFrame is one call frame on a thread's stack.
type StackFrame struct {
	Func    string
	Addr    string // frame base
	Ret     string
	SavedBP string
	Size    string // the frame's bytes on the stack
	Locals  []Local
}

// Local is one word stored in a stack frame below its return address and
// saved bp: where it is and its value, and when it is a C variable, its
// name (Var) and symbol (Sym, a Symbol's ID).
type Local struct {
	Name  string // its address
	Value string
	Var   string
	Sym   string
	// Pointer says the variable is a C pointer: its value is shown as an
	// address.
	Pointer bool
}

// Marker is a register of a thread pointing into a region: PC into text,
// SP into its stack.
type Marker struct {
	Tid   int
	Color int
	Reg   string // "pc" or "sp"
	Addr  string
	Line  int
}

// Frame is one physical page frame.
type Frame struct {
	Index int
	Refs  int
	Cow   bool
	Fresh bool // just made by a copy-on-write fault
	Kind  string
	Maps  []FrameMap
	// Segment is the shared-memory segment the frame backs (0: none).
	Segment int
}

// FrameMap is one virtual page that maps a frame.
type FrameMap struct {
	Pid   int
	VPage string
}

// CPU is one processor and what runs on it now.
type CPU struct {
	ID  int
	Tid int // 0 when idle
	Pid int
	// Color is the palette index of the running thread.
	Color int
	// Busy and Idle are this CPU's own time so far: work it ran, and time
	// it had nothing to run while another CPU's clock moved on.
	Busy, Idle string
}

// Timeline is the Gantt chart of who ran where. Coordinates are in the
// chart's own units (0..Width), already scaled to the chart's span
// Start..End: round ticks a Step apart that hold From..To and change only
// every Step or so, so a slice once closed is drawn the same on every
// later step and only the running slices and the cursor (NowX, at To)
// move.
type Timeline struct {
	Width  float64
	From   uint64
	To     uint64
	Start  uint64
	End    uint64
	Step   uint64
	NowX   float64
	Lanes  []Lane
	Ticks  []Tick
	Switch []Switch
}

// Lane is one CPU's row of slices.
type Lane struct {
	CPU    int
	Slices []Slice
}

// Slice is one stretch of time a thread ran on a CPU.
type Slice struct {
	X, W  float64
	Tid   int
	Pid   int
	Color int
	From  uint64
	To    uint64
}

// Tick is one labelled mark on the time axis.
type Tick struct {
	X     float64
	Label string
}

// Switch is one context switch on the timeline.
type Switch struct {
	X    float64
	Tick uint64
	CPU  int
	Kind string // "thread" or "process"
	Cost string
	From int
	To   int
}

// Cost is one category of overhead with its total.
type Cost struct {
	Kind  string // "creation", "switching", "faults", "communication", "sync", "work", "other"
	Total string
	// Share is the category's part of the whole clock, "12%".
	Share string
	// W is the bar length, 0..100, relative to the largest category.
	W float64
}

// Comparison is the same work done by N threads and by N processes.
type Comparison struct {
	Workers int
	Rows    []CompareRow
	Ratios  []Ratio
	Err     string
}

// CompareRow is one measure of both sides, with bar lengths 0..100
// relative to the larger of the two.
type CompareRow struct {
	Kind               string // "creation", "switching", "communication", "memory", "total"
	Threads, Processes string
	TW, PW             float64
}

// Ratio is processes ÷ threads for one measure, "7.2×".
type Ratio struct {
	Kind  string // "create", "switch", "message", "total"
	Value string
	// Above1 reports whether processes cost more (the facts say they do).
	Above1 bool
}

// Pipe is one pipe with its bounded buffer drawn as cells.
type Pipe struct {
	ID       int
	Cells    []PipeCell // Capacity cells, oldest word first
	Used     int
	Capacity int
	Readers  int
	Writers  int
	Words    uint64
	// ReadQueue and WriteQueue are the threads asleep on it.
	ReadQueue  []ThreadRef
	WriteQueue []ThreadRef
	// Holders lists "P2 fd 3 (read)" style descriptors that name it.
	Holders []PipeHolder
}

// PipeCell is one word slot of a pipe's buffer.
type PipeCell struct {
	Full  bool
	Value string
}

// PipeHolder is one descriptor of one process that names a pipe.
type PipeHolder struct {
	Pid int
	FD  int
	End string
}

// Mutex is one held mutex: its owner and who waits for it, in order.
type Mutex struct {
	Name      string
	Addr      string
	Pid       int
	Segment   int
	Owner     ThreadRef
	OwnerDead bool
	Queue     []ThreadRef
}

// Segment is one shared-memory segment and who maps it.
type Segment struct {
	ID     int
	Key    int64
	Frames []int
	Pids   []int
}

// LessonItem is one lesson of the picker.
type LessonItem struct {
	Name    string
	Title   string
	Current bool
}

// LessonText is the current lesson's teaching text (Markdown; the page
// renders headings, paragraphs, lists, code and emphasis, as text only).
type LessonText struct {
	Name  string
	Title string
	Text  string
}

// Event is one thing the machine did, with the numbers narration needs.
type Event struct {
	Seq      int
	Tick     uint64
	Kind     string
	Pid      int
	Tid      int
	Other    int
	Addr     string
	Start    string
	End      string
	Size     string
	OldFrame int
	NewFrame int
	Value    int64
	Name     string
	Switch   string // "thread" or "process"
	Signal   int
	CPU      int
	Cost     string
	ErrCode  string
	ErrMsg   string
	FD       int
	Object   int
	Tids     []int
	// New marks events of the latest frame (the page announces those).
	New bool
}

// Name2 is the global an event names, or its address when it has none.
func (e Event) Name2() string {
	if e.Name != "" {
		return e.Name
	}
	return e.Addr
}
