package templates

var en = Catalog{
	Lang:     "en",
	LangName: "English",

	Title:     "procscope — processes and threads, seen",
	Tagline:   "A simulated machine that shows what a process owns and what its threads share.",
	SkipToLab: "Skip to the lab",
	NoScript:  "This page works without JavaScript to read; turn it on to drive the machine.",

	Live: "live", Connecting: "connecting…", Reconnecting: "reconnecting…", Offline: "offline",
	Language: "Language", Theme: "Theme", ThemeSystem: "system", ThemeLight: "light",
	ThemeDark: "dark", ThemeProjector: "projector", Help: "Keys", OpenFull: "Open in a new tab",

	Toolbar: "Machine controls", Play: "Play", Pause: "Pause", Step: "Step", StepBack: "Step back",
	RunSwitch: "Run to next switch", RunHalt: "Run until all halt", Speed: "Speed", SpeedUnit: "instructions per second",
	Reset: "Reset", Share: "Share", Export: "Export", ExportTrace: "Trace (text)", ExportEvents: "Event log (JSON)",
	TickLabel: "tick", ClockLabel: "simulated time", InstrLabel: "instructions",
	ProcCount: "processes: %d", ThreadCount: "threads: %d",

	AddressSpace: "Address spaces",
	MapsNote:     "Each process has its own address space, high addresses on top. Threads of one process share everything but their stacks.",
	ProcessLabel: "process", ThreadLabel: "thread",
	ProcCaption:   "process %d · %s",
	HighAddresses: "high addresses", LowAddresses: "low addresses",
	Region: "region", Range: "address range", Size: "size", Perm: "permissions", Pages: "pages",
	Unmapped: "unmapped", SharedBy: "shared by", StackOf: "stack of thread %d", GuardOf: "guard page of thread %d",
	GuardNote: "no access: touching it is a segmentation fault",
	Globals:   "globals", HeapBlocks: "heap blocks", Free: "free", InUse: "in use",
	StackFrames: "call frames", RetAddr: "return to", SavedBP: "saved bp", Locals: "locals", FrameBase: "frame at",
	CowPages: "pages shared copy-on-write: %d",
	PCAt:     "PC of thread %d", SPAt: "SP of thread %d", LineN: "line %d",

	ProcControls: "Commands for process %d", ThreadControls: "Commands for thread %d",
	SpawnThread: "Spawn thread", Fork: "Fork", Exec: "Exec", ExecName: "program", Kill: "Kill", Wait: "Wait",
	Reap: "Parent waits (reap)", InitNote: "The system's first process: it adopts orphans and reaps them. It takes no commands here.", ShowMap: "Memory map", FrameBytes: "%s on the stack",
	Malloc: "Malloc", MallocSize: "size", Bytes: "bytes", WriteGlobal: "Write global",
	GlobalName: "global", Value: "value", CallDeeper: "Call deeper", Depth: "depth", RunNext: "Run next",
	ThreadExit: "Exit thread", ThreadsOf: "Threads of process %d",
	ExitStatus: "exit %d", Adopted: "adopted", Subreaper: "subreaper", Main: "main", OnCPU: "on CPU %d",

	FramesTitle: "Physical page frames",
	FramesNote:  "Each box is one frame of real memory: which process pages map it and how many (its reference count).",
	FrameN:      "frame %d", RefCount: "×%d", Cow: "COW", Fresh: "just copied", NoFrames: "no frames in use",

	TreeTitle: "Process tree", CPUsTitle: "CPUs", CPUN: "CPU %d", Idle: "idle",
	TimelineTitle: "Who ran when",
	TimelineNote:  "Each bar is a thread on a CPU. Marks: T = switch between threads of one process, P = switch between processes (the address space changes too).",
	TimeAxis:      "ticks", CostCount: "×%d", NoTimeline: "nothing has run yet",

	ProgramTitle: "Program", ProgramNote: "Marks show the line each thread runs next.",
	Editor: "Load your own program", EditorLabel: "assembler source", Load: "Load and reset",
	ErrorsTitle: "Assembler errors", ErrorAt: "line %d: %s", Reference: "Instruction reference",
	RefInstr: "instruction", RefMeaning: "meaning",

	LegendTitle: "Legend", LogTitle: "Event log",
	LogNote:  "Each event in one sentence; choose one to go back to that step.",
	LogEmpty: "Nothing has happened yet. Press Step or Play.", GoTo: "tick %d (go back to this step)",

	TextViewTitle: "Text view (tables)",
	TextViewNote:  "The same state as tables.",
	TProcs:        "Processes", TThreads: "Threads", TRegions: "Regions", TFrames: "Frames",
	TPid: "pid", TPPid: "parent", TTid: "tid", TState: "state", TName: "name", TPC: "PC", TSP: "SP",
	TLine: "line", TKind: "kind", TOwner: "owner", TMaps: "mapped by", TShared: "shared",

	HelpTitle: "Keyboard", HelpIntro: "Every control is a button you can reach with Tab. These single keys work when no text field has focus.",
	Key: "key", Action: "action", Close: "Close", ShortcutsOn: "Single-key shortcuts",

	ShareTitle: "Share this lab", ShareLink: "Link to this step", EmbedCode: "Embed code (Moodle, Canvas)",
	Copy: "Copy", Copied: "Copied", EmbedTitle: "procscope: processes and threads lab",
	UnknownError: "The machine refused: %s",

	Regions: map[string]string{
		"text": "code (.text)", "rodata": "constants (.rodata)", "data": "initialised globals (.data)",
		"bss": "zeroed globals (.bss)", "heap": "heap", "mmap": "mmap area", "shared": "shared memory",
		"stack": "stack", "guard": "guard page", "kernel": "kernel space", "lib": "shared libraries",
	},
	States: map[string]string{
		"running": "running", "ready": "ready", "blocked": "blocked", "zombie": "zombie",
		"reaped": "reaped", "halted": "halted", "exited": "exited",
	},
	SwitchKind: map[string]string{"thread": "thread switch", "process": "process switch"},
	Errors:     errorsEN,
	Legend: []LegendItem{
		{"lg-shared", "", "shared by every thread of the process (code, data, heap)"},
		{"lg-stack", "T3", "owned by one thread: its stack (colour and label name the thread)"},
		{"lg-guard", "", "guard page: no access, hatched"},
		{"lg-gap", "…", "a huge unmapped gap, drawn short with its size"},
		{"lg-pc", "PC", "where a thread's next instruction is"},
		{"lg-sp", "SP", "the top of a thread's stack"},
		{"lg-cow", "COW", "frame shared copy-on-write: the first write copies it"},
		{"lg-fresh", "new", "frame just copied by a copy-on-write fault"},
		{"lg-zombie", "Z", "zombie: exited, waiting for its parent's wait"},
		{"lg-switch-t", "T", "switch between threads of one process (cheap)"},
		{"lg-switch-p", "P", "switch between processes (address space changes)"},
	},
	Shortcuts: []Shortcut{
		{"p", "play", "Play or pause"},
		{"s", "step", "Step one instruction"},
		{"b", "back", "Step back"},
		{"n", "until-switch", "Run to the next context switch"},
		{"h", "until-halt", "Run until all threads halt"},
		{"?", "help", "Show this help"},
	},
	Instrs: []Instr{
		{"mov src, dst", "copy a value (register, number $5, memory 2000 or (%ax))"},
		{"add src, dst / sub src, dst", "add / subtract into dst"},
		{"inc dst / dec dst", "add / subtract one"},
		{"cmp a, b / test a, b", "compare, setting the condition flags"},
		{"jmp L / je, jne, jlt, jlte, jgt, jgte L", "jump to label L (always / if the last compare says so)"},
		{"push r / pop r", "push onto / pop from this thread's stack"},
		{"call L / ret", "call a function (a new stack frame) / return"},
		{"fork / spawn L", "copy this process / start a thread at label L"},
		{"malloc n / free r", "allocate n bytes on the heap / free a block"},
		{"wait / exit n", "wait for a child / end with status n"},
		{"yield / halt", "give up the CPU / stop this thread"},
	},
	Narrate: narrateEN,
}

// errorsEN words the sim's error codes for a user.
var errorsEN = map[string]string{
	"ESRCH":     "No such process or thread.",
	"EAGAIN":    "Limit reached: no more processes or threads.",
	"ENOMEM":    "Out of memory: no free frame or address space left.",
	"EINVAL":    "That command does not fit here.",
	"ZOMBIE":    "That process has exited; it is a zombie until its parent waits.",
	"ECHILD":    "No child to wait for.",
	"SEGV":      "Segmentation fault.",
	"BADMSG":    "The page sent a message the server does not understand.",
	"READONLY":  "This lab is read-only.",
	"RATELIMIT": "Too many commands at once; slow down a little.",
}
