package viewmodel

// LessonStep is the lesson's current step as the panel shows it, in one
// language. Texts are Markdown.
type LessonStep struct {
	Lesson       string // "" when no lesson runs (the panel is hidden)
	Index, Total int    // the current step, from 1; Index == Total+1 when finished
	Title        string
	Do           string
	Run          []string // what "do it" applies, as commands the student can type
	Question     string
	Number       bool // a number question (else choices)
	Choices      []LessonChoice
	Answer       string // the prediction made ("" none)
	Done         bool   // the step's checks held: feedback and reveal follow
	OK           bool
	RightLabel   string // the right answer, as its choice's label or the number
	Feedback     string
	Reveal       string
	// Show is what the reveal highlights, for the page script:
	// space-separated tokens such as process:3 thread:3 region:2:stack
	// global:2:value frame:5 line:13 cost:sync.
	Show               string
	Predicted, Correct int
	Finished           bool
	Code               string // the completion code, once finished
	// Random offers an OSTEP lesson's "try random interrupts", once
	// finished (nil: not offered).
	Random *RandomTry
	Sealed string // the signed progress for the URL fragment
}

// LessonChoice is one offered answer.
type LessonChoice struct {
	ID, Label string
}

// RandomTry is the "try random interrupts" control of an OSTEP lesson:
// x86.py's -r -s SEED as one button, with the seed on screen.
type RandomTry struct {
	// Random says the lab runs with random interrupts now, from Seed,
	// each interval 1..Interval instructions.
	Random   bool
	Seed     int64
	Interval int
	// Next is the seed the button restarts with.
	Next int64
}
