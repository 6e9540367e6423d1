// Package lessons holds procscope's built-in lessons as data: for each one
// a lesson.json (titles in Korean and English and the machine it runs on),
// a program.s in the lab's assembler (docs/asm.md) and the teaching text
// students read, ko.md and en.md. Everything is embedded in the binary;
// adding a lesson is adding a directory, no Go code.
package lessons

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sync"

	"procscope/sim"
)

//go:embed */lesson.json */program.s */ko.md */en.md
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
	// Text is the teaching text (Markdown) by language.
	Text map[string]string
	// Program is the assembler source (docs/asm.md).
	Program string
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
}

var (
	loadOnce sync.Once
	all      []Lesson
	loadErr  error
)

// All returns every lesson in menu order. It fails only if a lesson file
// is broken, which the package's tests rule out.
func All() ([]Lesson, error) {
	loadOnce.Do(func() { all, loadErr = load(files) })
	return slices.Clone(all), loadErr
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
		Threads:    l.Threads,
		ThreadArgs: slices.Clone(l.ThreadArgs),
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
	prog, err := fs.ReadFile(fsys, name+"/program.s")
	if err != nil {
		return Lesson{}, err
	}
	l := Lesson{
		Name: name, Order: m.Order, Title: m.Title, Text: map[string]string{}, Program: string(prog),
		Profile: m.Profile, StackSize: m.StackSize, Interrupt: m.Interrupt, CPUs: m.CPUs,
		Threads: m.Threads, ThreadArgs: m.ThreadArgs,
	}
	for _, lang := range Langs {
		if l.Title[lang] == "" {
			return Lesson{}, fmt.Errorf("lesson.json: no %s title", lang)
		}
		t, err := fs.ReadFile(fsys, name+"/"+lang+".md")
		if err != nil {
			return Lesson{}, err
		}
		l.Text[lang] = string(t)
	}
	return l, nil
}
