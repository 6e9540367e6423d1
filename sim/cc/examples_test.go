package cc

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"procscope/sim"
)

// The examples in docs/examples/c are checked against real Linux: each is
// compiled with gcc -O0 -Wall -Werror -pthread and run with stdout
// line-buffered as on a terminal (stdbuf -oL); procscope must print the
// same bytes, end with the same status, and place every named global and
// static in the section nm reports, in the same order within it. The
// examples print no pids; the ones in printsAddresses print addresses
// (%p), which ASLR moves from run to run: in their output, on both sides,
// every 0x followed by hex digits reads 0xADDR before the comparison.
//
// The free lab's program (server/freelab) is checked with them. It races:
// two threads add to one counter, five times each. On Linux a thread runs
// for milliseconds before a switch, so each loop ends long before one and
// gcc prints 10; it runs here under such a time slice (linuxSlice). The
// lab's own timer, every 50 instructions, interleaves the loops and loses
// updates, which is what the lab shows (the server's
// TestTheFreeLabLosesUpdatesToTheRace).

const examplesDir = "../../docs/examples/c"

// freeLab is the free lab's program.
const freeLab = "../../server/freelab/freelab.c"

// linuxSlice is a time slice as long as Linux's, in instructions (a
// millisecond is millions of them).
const linuxSlice = 1_000_000

// racy are the programs whose output depends on where the timer falls:
// they run under linuxSlice.
var racy = map[string]bool{"freelab": true}

// printsAddresses are the examples whose output holds addresses.
var printsAddresses = map[string]bool{"pointers": true}

var hexAddr = regexp.MustCompile(`0x[0-9a-f]+`)

// normalised is an example's output as the comparison reads it.
func normalised(name, out string) string {
	if printsAddresses[name] {
		return hexAddr.ReplaceAllString(out, "0xADDR")
	}
	return out
}

// labPrograms compiles every example: each is a program of the lab that
// exec can run by name.
func labPrograms(t *testing.T) map[string]*sim.Program {
	out := map[string]*sim.Program{}
	for _, f := range examples(t) {
		src, _ := os.ReadFile(f)
		name := strings.TrimSuffix(filepath.Base(f), ".c")
		prog, err := Compile(name, string(src))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[name] = prog
	}
	return out
}

func runExample(t *testing.T, progs map[string]*sim.Program, name string) (*Result, error) {
	cfg := Config(progs[name])
	cfg.Programs = progs
	if racy[name] {
		cfg.Interrupt = linuxSlice
	}
	return RunConfig(cfg, 20_000_000)
}

func examples(t *testing.T) []string {
	files, err := filepath.Glob(filepath.Join(examplesDir, "*.c"))
	if err != nil || len(files) < 20 {
		t.Fatalf("want at least 20 examples in %s, have %d (%v)", examplesDir, len(files), err)
	}
	return append(files, freeLab)
}

// TestExamplesCompileAndRun needs no gcc: every example compiles and ends.
func TestExamplesCompileAndRun(t *testing.T) {
	progs := labPrograms(t)
	for name := range progs {
		if _, err := runExample(t, progs, name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func needTools(t *testing.T) {
	for _, tool := range []string{"gcc", "stdbuf", "nm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is missing and CI=true", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
}

func TestExamplesMatchGCC(t *testing.T) {
	needTools(t)
	dir := t.TempDir()
	progs := labPrograms(t)
	for _, f := range examples(t) {
		if out, err := exec.Command("gcc", "-O0", "-Wall", "-Werror", "-pthread", "-o", filepath.Join(dir, strings.TrimSuffix(filepath.Base(f), ".c")), f).CombinedOutput(); err != nil {
			t.Fatalf("gcc %s: %v\n%s", f, err, out)
		}
	}
	for _, f := range examples(t) {
		name := strings.TrimSuffix(filepath.Base(f), ".c")
		t.Run(name, func(t *testing.T) {
			bin := filepath.Join(dir, name)
			wantOut, wantStatus := runNative(t, bin)
			prog := progs[name]
			res, err := runExample(t, progs, name)
			if err != nil {
				t.Fatal(err)
			}
			if normalised(name, res.Stdout) != normalised(name, wantOut) {
				t.Errorf("stdout differs\nprocscope: %q\ngcc:       %q", res.Stdout, wantOut)
			}
			if res.Status != wantStatus {
				t.Errorf("status: procscope %d, gcc %d", res.Status, wantStatus)
			}
			compareSections(t, bin, res.Machine, prog)
		})
	}
}

// runNative runs the binary line-buffered and returns its stdout and the
// shell's $? for it.
func runNative(t *testing.T, bin string) (string, int) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "stdbuf", "-oL", bin)
	cmd.Dir = filepath.Dir(bin) // execl("./exec_child") finds its sibling
	var out bytes.Buffer
	cmd.Stdout = &out
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return out.String(), 128 + int(ws.Signal())
		}
		return out.String(), ee.ExitCode()
	}
	t.Fatalf("run %s: %v", bin, err)
	return "", 0
}

var staticSuffix = regexp.MustCompile(`\.\d+$`)

// compareSections checks every named global and static against nm.
func compareSections(t *testing.T, bin string, m *sim.Machine, prog *sim.Program) {
	out, err := exec.Command("nm", "-n", bin).Output()
	if err != nil {
		t.Fatalf("nm: %v", err)
	}
	ours := map[string]string{}
	for _, g := range prog.Debug.Globals {
		if g.Source != "" {
			ours[staticSuffix.ReplaceAllString(g.Name, "")] = "." + g.Section
		}
	}
	sections := map[byte]string{'d': ".data", 'b': ".bss", 'r': ".rodata"}
	nmOrder := map[string][]string{}
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		name := staticSuffix.ReplaceAllString(f[2], "")
		sec, ok := sections[f[1][0]|0x20]
		if _, mine := ours[name]; !ok || !mine {
			continue
		}
		if ours[name] != sec {
			t.Errorf("%s: procscope puts it in %s, gcc in %s", name, ours[name], sec)
		}
		nmOrder[sec] = append(nmOrder[sec], name)
	}
	ourOrder := map[string][]string{}
	for _, p := range m.State().Processes {
		if p.Pid != 2 {
			continue
		}
		gs := slices.Clone(p.Globals)
		slices.SortFunc(gs, func(a, b sim.GlobalState) int { return cmp.Compare(a.Addr, b.Addr) })
		for _, g := range gs {
			name := staticSuffix.ReplaceAllString(g.Name, "")
			if sec, ok := ours[name]; ok {
				ourOrder[sec] = append(ourOrder[sec], name)
			}
		}
	}
	if len(nmOrder) > 0 && len(ourOrder) == 0 {
		t.Errorf("no globals in the final state to compare with nm %v", nmOrder)
	}
	for sec, names := range nmOrder {
		if !slices.Equal(names, ourOrder[sec]) {
			t.Errorf("order in %s: procscope %v, gcc %v", sec, ourOrder[sec], names)
		}
	}
}
