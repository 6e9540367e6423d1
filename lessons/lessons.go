// Package lessons holds procscope's lessons as data: for each one a
// lesson.json (titles in Korean and English, the machine it runs on and
// its steps: what to do, what to predict, what to check), a program.s in
// the lab's assembler (docs/asm.md) and the teaching text students read,
// ko.md and en.md, one "## " section per step. The built-in ones are
// embedded in the binary; more are loaded from a directory at start
// (LoadDir). Adding a lesson is adding a directory, no Go code; the format
// is docs/lessons.md.
package lessons

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"

	"procscope/sim"
	_ "procscope/sim/cc" // a lesson's program.c compiles with the lab's C front end
)

//go:embed */lesson.json */program.* */ko.md */en.md */*.c
var files embed.FS

// Langs are the languages every lesson's title and text come in.
var Langs = []string{"ko", "en"}

// nameRE is what a lesson directory may be called (it appears in URLs).
var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// Lesson is one built-in lesson: what it is called, the machine it builds
// and the program pid 2 runs.
type Lesson struct {
	// Name is the directory name, used in URLs (/embed/v1/fork-cow) and
	// saved labs.
	Name string
	// Order sorts lessons for a menu.
	Order int
	// Title is the short title by language ("ko", "en").
	Title map[string]string
	// Text is the introduction (Markdown) by language: the text before
	// the first step.
	Text map[string]string
	// Steps are the lesson's steps, in order.
	Steps []Step
	// Program is the program's source: assembler (docs/asm.md) or C
	// (docs/c.md), as Language says.
	Program string
	// Language is "asm" for program.s, "c" for program.c.
	Language string
	// Programs are the lab's other programs, which exec (C's execl) can
	// run: each NAME.c of the folder besides program.c, compiled when the
	// lesson loads, by NAME. The machine only reads them.
	Programs map[string]*sim.Program
	// Profile is the layout profile: "linux-x86_64" or "ostep".
	Profile string
	// StackSize is each thread's stack in bytes (0: the profile's default).
	StackSize uint64
	// Interrupt is the round-robin interval in instructions (0: default).
	Interrupt int
	// CPUs is the number of CPUs (0: one).
	CPUs int
	// Threads is how many threads pid 2 starts with (0: one).
	Threads int
	// ThreadArgs sets starting registers, x86.py -a style ("bx=3").
	ThreadArgs []string
	// Schedule is a fixed schedule, x86.py -P style: the tids to run, one
	// per instruction, cycling (nil: the timer interrupt decides).
	Schedule []int
}

// meta is lesson.json.
type meta struct {
	Order      int               `json:"order"`
	Title      map[string]string `json:"title"`
	Profile    string            `json:"profile"`
	StackSize  uint64            `json:"stackSize"`
	Interrupt  int               `json:"interrupt"`
	CPUs       int               `json:"cpus"`
	Threads    int               `json:"threads"`
	ThreadArgs []string          `json:"threadArgs"`
	Schedule   string            `json:"schedule"`
	Steps      []stepMeta        `json:"steps"`
}

var (
	loadOnce sync.Once
	builtin  []Lesson
	loadErr  error

	extraMu sync.RWMutex
	extra   []Lesson
)

// All returns every lesson in menu order: the built-in ones, then those
// added with AddExtra. It fails only if a built-in lesson file is broken,
// which the package's tests rule out.
func All() ([]Lesson, error) {
	loadOnce.Do(func() { builtin, loadErr = load(files) })
	extraMu.RLock()
	defer extraMu.RUnlock()
	return append(slices.Clone(builtin), extra...), loadErr
}

// Count is how many lessons All returns, without copying them.
func Count() int {
	loadOnce.Do(func() { builtin, loadErr = load(files) })
	extraMu.RLock()
	defer extraMu.RUnlock()
	return len(builtin) + len(extra)
}

// LoadDir loads the lessons in a directory (one subdirectory each, the
// same format as the built-in ones), checking them as strictly.
func LoadDir(dir string) ([]Lesson, error) {
	ls, err := load(os.DirFS(dir))
	if err == nil && len(ls) == 0 {
		err = fmt.Errorf("no lesson in %s (want DIR/NAME/lesson.json)", dir)
	}
	return ls, err
}

// AddExtra adds lessons loaded at start (procscope -lessons DIR) after the
// built-in ones. A name that is already taken is refused: a teacher's
// lesson must not silently replace one that embed codes point at.
func AddExtra(ls []Lesson) error {
	all, err := All()
	if err != nil {
		return err
	}
	for _, l := range ls {
		if slices.ContainsFunc(all, func(o Lesson) bool { return o.Name == l.Name }) {
			return fmt.Errorf("lesson %s: the name is already taken", l.Name)
		}
		all = append(all, l)
	}
	extraMu.Lock()
	defer extraMu.Unlock()
	extra = append(extra, ls...)
	return nil
}

// Get finds a lesson by name.
func Get(name string) (Lesson, bool) {
	ls, _ := All()
	for _, l := range ls {
		if l.Name == name {
			return l, true
		}
	}
	return Lesson{}, false
}

// Names lists the lesson names in menu order.
func Names() []string {
	ls, _ := All()
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Name
	}
	return out
}

// Config is the machine configuration the lesson runs on, with seed.
func (l Lesson) Config(seed int64) sim.Config {
	return sim.Config{
		Seed:       seed,
		Profile:    l.Profile,
		CPUs:       l.CPUs,
		StackSize:  l.StackSize,
		Program:    l.Program,
		Language:   l.Language,
		Programs:   l.Programs,
		Threads:    l.Threads,
		ThreadArgs: slices.Clone(l.ThreadArgs),
		Schedule:   slices.Clone(l.Schedule),
		Interrupt:  l.Interrupt,
	}
}

func load(fsys fs.FS) ([]Lesson, error) {
	dirs, err := fs.Glob(fsys, "*/lesson.json")
	if err != nil {
		return nil, err
	}
	var out []Lesson
	for _, p := range dirs {
		name := p[:len(p)-len("/lesson.json")]
		l, err := loadOne(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("lesson %s: %w", name, err)
		}
		out = append(out, l)
	}
	slices.SortStableFunc(out, func(a, b Lesson) int { return a.Order - b.Order })
	return out, nil
}

func loadOne(fsys fs.FS, name string) (Lesson, error) {
	if !nameRE.MatchString(name) {
		return Lesson{}, fmt.Errorf("name %q: want lower-case letters, digits and dashes", name)
	}
	b, err := fs.ReadFile(fsys, name+"/lesson.json")
	if err != nil {
		return Lesson{}, err
	}
	var m meta
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return Lesson{}, fmt.Errorf("lesson.json: %w", err)
	}
	prog, lang, err := readProgram(fsys, name)
	if err != nil {
		return Lesson{}, err
	}
	others, err := readOthers(fsys, name)
	if err != nil {
		return Lesson{}, err
	}
	sched, err := parseSchedule(m.Schedule)
	if err != nil {
		return Lesson{}, err
	}
	l := Lesson{
		Name: name, Order: m.Order, Title: m.Title, Text: map[string]string{}, Program: prog, Language: lang, Programs: others,
		Profile: m.Profile, StackSize: m.StackSize, Interrupt: m.Interrupt, CPUs: m.CPUs,
		Threads: m.Threads, ThreadArgs: m.ThreadArgs, Schedule: sched,
	}
	if len(m.Steps) == 0 {
		return Lesson{}, fmt.Errorf("lesson.json: no steps")
	}
	lines := strings.Count(strings.TrimRight(prog, "\n"), "\n") + 1
	for i, sm := range m.Steps {
		st, err := parseStep(sm, lines)
		if err != nil {
			return Lesson{}, fmt.Errorf("lesson.json step %d: %w", i+1, err)
		}
		st.Text = map[string]StepText{}
		l.Steps = append(l.Steps, st)
	}
	for _, lang := range Langs {
		if l.Title[lang] == "" {
			return Lesson{}, fmt.Errorf("lesson.json: no %s title", lang)
		}
		t, err := fs.ReadFile(fsys, name+"/"+lang+".md")
		if err != nil {
			return Lesson{}, err
		}
		intro, texts, err := parseText(string(t))
		if err != nil {
			return Lesson{}, fmt.Errorf("%s.md: %w", lang, err)
		}
		if err := matchText(lang, l.Steps, texts); err != nil {
			return Lesson{}, err
		}
		l.Text[lang] = intro
		for i := range l.Steps {
			l.Steps[i].Text[lang] = texts[i]
		}
	}
	return l, nil
}

// readProgram reads the lesson's program and says its language: C in
// program.c (docs/c.md) or the lab's assembler in program.s; exactly one.
func readProgram(fsys fs.FS, name string) (src, lang string, err error) {
	c, errC := fs.ReadFile(fsys, name+"/program.c")
	s, errS := fs.ReadFile(fsys, name+"/program.s")
	switch {
	case errC == nil && errS == nil:
		return "", "", fmt.Errorf("both program.c and program.s: keep one")
	case errC == nil:
		return string(c), "c", nil
	case errS == nil:
		return string(s), "asm", nil
	case errors.Is(errC, fs.ErrNotExist) && errors.Is(errS, fs.ErrNotExist):
		return "", "", fmt.Errorf("no program.c or program.s")
	case !errors.Is(errC, fs.ErrNotExist):
		return "", "", errC
	}
	return "", "", errS
}

// readOthers compiles the folder's other C files, the programs exec can
// run (docs/lessons.md): child.c is the program "child". A compile error
// fails loading, with the file's name and line.
func readOthers(fsys fs.FS, name string) (map[string]*sim.Program, error) {
	paths, err := fs.Glob(fsys, name+"/*.c")
	if err != nil {
		return nil, err
	}
	var out map[string]*sim.Program
	for _, p := range paths {
		base := strings.TrimSuffix(p[len(name)+1:], ".c")
		if base == "program" {
			continue
		}
		if !nameRE.MatchString(base) {
			return nil, fmt.Errorf("%s.c: a program's name is lower-case letters, digits and dashes", base)
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		prog, err := sim.CompileC(base, string(src))
		if err != nil {
			return nil, fmt.Errorf("%s.c: %w", base, err)
		}
		if out == nil {
			out = map[string]*sim.Program{}
		}
		out[base] = prog
	}
	return out, nil
}

// parseSchedule reads lesson.json's "schedule" as x86.py's -P reads it:
// one digit per instruction, thread 0 being the first thread (tid 2).
func parseSchedule(p string) ([]int, error) {
	var out []int
	for _, c := range p {
		if c < '0' || c > '9' {
			return nil, fmt.Errorf("lesson.json: schedule %q: want thread numbers 0-9, one per instruction (x86.py -P)", p)
		}
		out = append(out, 2+int(c-'0'))
	}
	return out, nil
}
