package templates

import "fmt"

// Catalog is the text of the page in one language. Every visible string
// comes from a catalog, so a page in Korean has no English left in it.
// Strings with verbs (%d, %s) are formats; both languages use the same verbs
// in the same order (a test checks).
type Catalog struct {
	Lang     string // "en", "ko"
	LangName string // the language's own name: "English", "한국어"

	// ZombieCount counts zombies in the header (format: %d), beside the
	// live processes; NonCanonical names the hole between user and
	// kernel space in a memory map.
	ZombieCount, NonCanonical string

	Title, Tagline, SkipToLab, NoScript               string
	Live, Connecting, Reconnecting, Offline           string
	Language, Theme, ThemeSystem, ThemeLight          string
	ThemeDark, ThemeProjector, Help, OpenFull         string
	Toolbar, Play, Pause, Step, StepBack              string
	RunSwitch, RunHalt, Speed, SpeedUnit, Reset       string
	RunSwitchHint, RunHaltHint                        string
	Share, Export, ExportTrace, ExportEvents          string
	TickLabel, ClockLabel, InstrLabel                 string
	ProcCount, ThreadCount                            string // formats: %d
	AddressSpace, MapsNote, ProcessLabel, ThreadLabel string
	MapsScroll                                        string // shown where the maps sit side by side
	ProcCaption                                       string // "process %d · %s"
	HighAddresses, LowAddresses, Region, Range        string
	Size, Perm, Pages, Unmapped                       string
	StackOf, GuardOf, GuardNote                       string // StackOf, GuardOf: %d
	Globals, HeapBlocks, Free, InUse                  string
	StackFrames, RetAddr, SavedBP, Locals, FrameBase  string
	OuterFrames                                       string // %d: outer frames not listed
	CowPages                                          string // %d
	PCAt, SPAt                                        string // "PC of thread %d", "SP of thread %d"
	LineN                                             string // "line %d"
	ProcControls, ThreadControls                      string // %d
	SpawnThread, Fork, Exec, ExecName, Kill, Wait     string
	Malloc, MallocSize, Bytes, WriteGlobal            string
	GlobalName, Value, CallDeeper, Depth, RunNext     string
	ThreadExit, ThreadsOf                             string // ThreadsOf: %d
	ExitStatus                                        string // "$? = %d": the shell's view of the status (128 + N after signal N)
	Adopted, Subreaper, Main, OnCPU                   string // OnCPU: %d
	FramesTitle, FramesNote, FrameN, RefCount         string // FrameN: %d; RefCount: %d
	Cow, Fresh, NoFrames                              string
	TreeTitle, CPUsTitle, CPUN, Idle, TimelineTitle   string // CPUN: %d
	CPUTimes                                          string // busy, idle: %s %s
	TimelineNote, TimeAxis, CostsTitle, CostCount     string // CostCount: %d
	NoTimeline                                        string
	ProgramTitle, ProgramNote, Editor, EditorLabel    string
	Load, ErrorsTitle, ErrorAt, Reference             string // ErrorAt: "line %d: %s"
	RefInstr, RefMeaning                              string
	LegendTitle, LogTitle, LogNote, LogEmpty, GoTo    string // GoTo: %d
	TextViewTitle, TextViewNote                       string
	TProcs, TThreads, TRegions, TFrames, TPid, TPPid  string
	TTid, TState, TName, TPC, TSP, TLine, TKind       string
	TOwner, TMaps, TShared                            string
	HelpTitle, HelpIntro, Key, Action, Close          string
	ShortcutsOn                                       string
	ShareTitle, ShareLink, EmbedCode, Copy, Copied    string
	EmbedTitle                                        string // the iframe's title attribute
	UnknownError                                      string // %s: the error code
	Reap, InitNote, ShowMap, FrameBytes               string // FrameBytes: %s

	// costs, IPC and sync
	CPUTime, ProcCPUTime, OverheadNote                              string // %s
	IPCTitle, IPCNote, PipesTitle, NoPipes, MutexesTitle, NoMutexes string
	InSegment, HeldBy, OwnerDead, Queue, NoOne, SegmentsTitle       string // InSegment: %d
	SegmentLine                                                     string // "segment %d, key %d:"
	SegmentRow                                                      string // %d segment, %d key
	PipeN, PipeFill, PipeEnds, PipeWords, PipeBuffer                string // formats
	NextRead, EmptyCell, PipeDir, FDEnd, WaitRead, WaitWrite        string // FDEnd: "fd %d (%s)"
	CompareTitle, CompareNote, Measure, Side, Bar, Amount           string // CompareTitle: %d
	ThreadsSide, ProcessesSide, RatiosTitle                         string
	LessonsTitle, LessonPick, FreeLab, FreeLabNote                  string

	// the lesson's current step (catalog_lesson.go)
	StepOf, StepsDone, LessonScore                               string // StepOf, StepsDone: %d of %d; LessonScore: %d right of %d
	LessonDone, LessonRunIs, LessonDoIt, LessonPredict           string
	LessonYourNumber, LessonPredicted, LessonRight               string
	LessonNotQuite, LessonAnswerWas, LessonNoPrediction          string
	LessonNext, LessonFinish, LessonCodeNote                     string
	LessonCodeLabel, LessonCopyCode                              string
	RandomNote, RandomNow, RandomTry                             string // RandomNow: seed, interval; RandomTry: seed
	VerifyTitle, VerifyNote, VerifyCode, VerifyButton            string
	VerifyOK, VerifyBad                                          string // VerifyOK: %s lesson, %d steps, %d right of %d
	FDsOf, FDTarget, FDCommands, PipeEnd, ValueFor               string // FDsOf, ValueFor: %d; PipeEnd: "pipe %d, %s end"
	WriteFD, ReadFD, CloseFD, SyncCommands, MakePipe             string
	Lock, Unlock, AtomicAdd, ShmKey, MapShm, ShmFrame            string // ShmFrame: %d
	WaitMutex, WaitPipeRead, WaitPipeWrite, WaitJoin, WaitChildN string // %d
	WaitChild, TCPU, TWaiting, AlarmMark                         string
	Ends                                                         map[string]string

	// classroom, export and signals (catalog_room.go)
	ClassTitle, TeachLive, TeachNote, JoinClass, JoinCodeHint, Join string
	ClassLive, JoinCode, JoinLink, FollowerCount, NoFollowers       string // FollowerCount: %d
	RosterTitle, GiveControl, GiveControlTo, InControl, TakeBack    string // GiveControlTo: %s
	TeacherInControl, StudentInControl, EndClass, Following         string // StudentInControl: %s
	YouHaveControl, LeaveClass, ClassEnded, LeftClass, Exported     string // Exported: %s
	ExportTruncated, Signal                                         string
	SignalNames                                                     map[string]string
	Measures, RatioNames                                            map[string]string
	CompareText                                                     []string

	// the stage: toolbar, thread cards, action bar, command line
	// (catalog_stage.go)
	Stage StageText
	// the C program view, its assembly and the terminal
	// (catalog_program.go)
	Prog ProgText

	// self-paced classes (catalog_paced.go)
	Paced PacedText

	Regions    map[string]string
	States     map[string]string
	SwitchKind map[string]string
	CostKinds  map[string]string
	Errors     map[string]string
	Legend     []LegendItem
	Shortcuts  []Shortcut
	Instrs     []Instr
	// Narrate says in one plain sentence what an event means.
	Narrate func(Event) string
}

// LegendItem is one entry of the legend: a sample and what it means.
type LegendItem struct {
	Sample string // the CSS class of the sample swatch
	Mark   string // text drawn in the swatch (so colour is never alone)
	Text   string
}

// Shortcut is one keyboard shortcut of the help dialog.
type Shortcut struct {
	Key    string
	Op     string // the command it triggers (data-op of its button)
	Action string
}

// Instr is one row of the instruction reference.
type Instr struct {
	Syntax  string
	Meaning string
}

// Catalogs holds one catalog per supported language.
var Catalogs = map[string]*Catalog{"en": &en, "ko": &ko}

// Langs lists the supported languages in the order the switch shows them.
var Langs = []string{"ko", "en"}

// Lang returns a supported language: the one asked for, else English.
func Lang(asked string) string {
	if _, ok := Catalogs[asked]; ok {
		return asked
	}
	return "en"
}

// For returns the catalog of a language, English when it is unknown.
func For(lang string) *Catalog { return Catalogs[Lang(lang)] }

// F fills a format string of the catalog and picks each two-form Korean
// particle by the sound before it (Particles).
func F(format string, args ...any) string { return Particles(fmt.Sprintf(format, args...)) }

// RegionName is the localised name of a region kind.
func (t *Catalog) RegionName(kind string) string {
	if s, ok := t.Regions[kind]; ok {
		return s
	}
	return kind
}

// StateName is the localised name of a process or thread state.
func (t *Catalog) StateName(state string) string {
	if s, ok := t.States[state]; ok {
		return s
	}
	return state
}

// ErrorText is the message a user sees for an error code.
func (t *Catalog) ErrorText(code string) string {
	if s, ok := t.Errors[code]; ok {
		return s
	}
	return F(t.UnknownError, code)
}

// EndName is the localised name of a pipe end ("read", "write").
func (t *Catalog) EndName(end string) string {
	if s, ok := t.Ends[end]; ok {
		return s
	}
	return end
}

// WaitText says why a blocked thread waits: "pipe 1 is empty", "mutex
// held by T3".
func (t *Catalog) WaitText(waiting string, on int) string {
	switch waiting {
	case "mutex":
		return F(t.WaitMutex, on)
	case "pipe-read":
		return F(t.WaitPipeRead, on)
	case "pipe-write":
		return F(t.WaitPipeWrite, on)
	case "join":
		return F(t.WaitJoin, on)
	case "child":
		if on > 0 {
			return F(t.WaitChildN, on)
		}
		return t.WaitChild
	}
	return t.States["blocked"]
}
