package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// update rewrites nothing by itself: goldens come from the real x86.py
// (see docs/trace.md and testdata/x86/regen.sh). With -update the tests
// instead write what procscope prints next to each golden as NAME.got, to
// diff by hand.
var update = flag.Bool("update", false, "write NAME.got files beside the goldens to compare by hand")

// goldenCase is one line of an INDEX.txt: name | x86.py=DIR/x86.py |
// program dir=DIR | exit=N | x86.py ARGS.
type goldenCase struct {
	name    string
	x86     string // "threads-intro" or "threads-locks"
	progDir string
	exit    string
	args    []string
}

func readIndex(t *testing.T, path string) []goldenCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []goldenCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) != 5 {
			t.Fatalf("%s: bad index line %q", path, line)
		}
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		args := strings.Fields(parts[4])
		out = append(out, goldenCase{
			name:    parts[0],
			x86:     strings.TrimSuffix(strings.TrimPrefix(parts[1], "x86.py="), "/x86.py"),
			progDir: strings.TrimPrefix(parts[2], "program dir="),
			exit:    strings.TrimPrefix(parts[3], "exit="),
			args:    args[1:],
		})
	}
	return out
}

// readGolden returns a golden's command line and x86.py's output.
func readGolden(t *testing.T, path string) (string, string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cmd, out, _ := strings.Cut(string(b), "\n")
	return strings.TrimPrefix(cmd, "# cmd: "), out
}

// normalize turns procscope's output (which is threads-locks x86.py's)
// into what the given x86.py prints where they are allowed to differ:
// threads-intro has no ARG procsched line and no empty lines around the
// header, -v's LOADING lines end in x86.py's internal Python calls, and
// -S's emulation rate is wall-clock time.
func normalize(out, x86 string) string {
	lines := strings.Split(out, "\n")
	var keep []string
	for _, l := range lines {
		if x86 == "threads-intro" && strings.HasPrefix(l, "ARG procsched") {
			continue
		}
		if strings.HasPrefix(l, "STATS:: Emulation Rate") {
			continue // wall-clock speed
		}
		if strings.HasPrefix(l, "pc:") && strings.Contains(l, " LOADING ") {
			l, _, _ = strings.Cut(l, " --> ")
		}
		keep = append(keep, l)
	}
	if x86 == "threads-intro" {
		for i := 0; i+2 < len(keep); i++ {
			if keep[i] == "" && strings.Contains(keep[i+1], "Thread 0") && keep[i+2] == "" {
				keep = append(keep[:i], append([]string{keep[i+1]}, keep[i+3:]...)...)
				break
			}
		}
	}
	return strings.Join(keep, "\n")
}

// introOnly are goldens of threads-intro's x86.py that show a behaviour
// procscope does not copy because it follows threads-locks' x86.py.
var introOnly = map[string]string{
	"intro-err-regtrace-ex": "threads-intro's x86.py has no %ex register; procscope follows threads-locks, which has %ex and %fx",
}

// simKnown are goldens the sim engine does not match yet, each with the
// rule that differs; the sim package owns the fix. Remove an entry when
// its test passes.
var simKnown = map[string]string{}

// runGoldens runs every case of an index with the given engine, the
// program read from progRoot/<program dir>.
func runGoldens(t *testing.T, engine x86Runner, known map[string]string, index, goldenDir, progRoot string) {
	old := runX86
	runX86 = engine
	t.Cleanup(func() { runX86 = old })
	for _, c := range readIndex(t, index) {
		t.Run(c.name, func(t *testing.T) {
			if why, ok := introOnly[c.name]; ok {
				t.Skip(why)
			}
			if why, ok := known[c.name]; ok {
				t.Skip("known difference: " + why)
			}
			cmd, want := readGolden(t, filepath.Join(goldenDir, c.name+".txt"))
			if cmd != "x86.py "+strings.Join(c.args, " ") {
				t.Fatalf("golden command %q does not match the index %q", cmd, c.args)
			}
			t.Chdir(filepath.Join(progRoot, c.progDir))
			var stdout, stderr bytes.Buffer
			err := trace(context.Background(), c.args, &stdout, &stderr)
			if errors.Is(err, errNoSim) {
				t.Skip("the sim interpreter is not wired yet")
			}
			if (err != nil) != (c.exit != "0") {
				t.Errorf("trace %s: err = %v, x86.py exit status %s\nstderr: %s", cmd, err, c.exit, stderr.String())
			}
			got := normalize(stdout.String(), c.x86)
			want = normalize(want, c.x86)
			if *update {
				os.WriteFile(filepath.Join(goldenDir, c.name+".got"), []byte(got), 0o644)
			}
			if got != want {
				t.Errorf("procscope trace %s\n%s", cmd, firstDiff(got, want))
			}
		})
	}
}

// firstDiff shows the first differing line with its neighbours.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl || i >= len(g) || i >= len(w) {
			ctx := ""
			if i > 0 && i-1 < len(w) {
				ctx = "   (previous line: " + strings.ReplaceAll(w[i-1], " ", "·") + ")\n"
			}
			return ctx + "line " + strconv.Itoa(i+1) + ":\n   got:  " + strings.ReplaceAll(gl, " ", "·") +
				"\n   want: " + strings.ReplaceAll(wl, " ", "·") +
				"\n   (got " + strconv.Itoa(len(g)) + " lines, want " + strconv.Itoa(len(w)) + ")"
		}
	}
	return "equal"
}

// engines are the x86.py engines every golden runs against: the sim's
// (the real one) and the test-only reference.
var engines = []struct {
	name  string
	run   x86Runner
	known map[string]string
}{
	{"sim", simRunX86, simKnown},
	{"reference", fakeRunX86, nil},
}

// TestTraceOwnGoldens: our own programs (testdata/x86/programs), whose
// goldens the real x86.py produced. Always runs.
func TestTraceOwnGoldens(t *testing.T) {
	abs, err := filepath.Abs("testdata/x86")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			runGoldens(t, e.run, e.known, filepath.Join(abs, "golden", "INDEX.txt"), filepath.Join(abs, "golden"), abs)
		})
	}
}

// TestTraceHomeworkGoldens: the OSTEP homework programs, which may not be
// committed. Set OSTEP_HOMEWORK to a folder holding threads-intro/ and
// threads-locks/ from remzi-arpacidusseau/ostep-homework.
func TestTraceHomeworkGoldens(t *testing.T) {
	root := os.Getenv("OSTEP_HOMEWORK")
	if root == "" {
		t.Skip("OSTEP_HOMEWORK is not set: set it to a folder holding the ostep-homework threads-intro/ and threads-locks/ folders to run the 76 x86.py goldens (docs/trace.md)")
	}
	for _, d := range []string{"threads-intro", "threads-locks"} {
		if _, err := os.Stat(filepath.Join(root, d)); err != nil {
			t.Fatalf("OSTEP_HOMEWORK=%s: %v", root, err)
		}
	}
	abs, err := filepath.Abs("testdata/x86/homework")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			runGoldens(t, e.run, e.known, filepath.Join(abs, "INDEX.txt"), abs, root)
		})
	}
}
