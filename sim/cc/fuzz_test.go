package cc

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzCompile: no input makes the compiler panic or take long.
//
// Its pauses at "0 execs/s" are not hangs: every input that finds new
// coverage is minimised first (up to -fuzzminimizetime, 60 s by default),
// which recompiles it thousands of times and counts none of them as
// executions; a mutated example program of several hundred bytes takes
// seconds to minimise on a busy machine. No input in the corpus compiles
// in more than a few milliseconds. Inputs over maxFuzzInput bytes (a
// lesson-sized program; the examples are under 1 KB) are skipped, so
// neither an execution nor a minimisation grows with what the mutator
// appends. Run it as
//
//	go test -run '^$' -fuzz FuzzCompile -fuzzminimizetime 5s -parallel 1 ./sim/cc
func FuzzCompile(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(examplesDir, "*.c"))
	for _, file := range files {
		src, _ := os.ReadFile(file)
		f.Add(string(src))
	}
	f.Add("int main(void) { return ((((((((1)))))))); }")
	f.Add(strings.Repeat("(", 1000))
	f.Add("struct a { struct a x; };")
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > maxFuzzInput {
			t.Skip("longer than a lab's program")
		}
		start := spent()
		prog, err := Compile("fuzz", src)
		if d := spent() - start; d > hangBound {
			t.Fatalf("compiling took %v of CPU: a hang", d)
		}
		if err == nil && prog.Validate() != nil {
			t.Fatalf("compiled an invalid program: %v", prog.Validate())
		}
	})
}

// maxFuzzInput bounds what FuzzCompile compiles (see there); long inputs
// are TestHostileInputs' and BenchmarkCompile300's.
const maxFuzzInput = 2 << 10

// hangBound tells a hang from a slow machine: these inputs compile (or
// fail) in milliseconds, so only a runaway loop or recursion takes this long
// even under -race on a busy CI machine. Speed itself is measured by
// BenchmarkCompile300, not here.
const hangBound = 30 * time.Second

// TestHostileInputs are the shapes a fuzzer finds first.
func TestHostileInputs(t *testing.T) {
	for _, src := range []string{
		strings.Repeat("(", 100000),
		"int main(void) { return " + strings.Repeat("-", 50000) + "1; }",
		"int main(void) {" + strings.Repeat("{", 5000),
		strings.Repeat("int a;", 20000),
		"int main(void) { int a[999999999]; return 0; }",
		"struct s { struct s v; }; int main(void) { return 0; }",
		"int main(void) { char *p = \"\\", "#define", "#include", "'", "int main(", "int f(int a, ...",
		"int main(void) { return sizeof(struct q); }",
	} {
		start := spent()
		_, err := Compile("t", src)
		if err == nil {
			t.Errorf("%.40q: compiled", src)
		}
		if d := spent() - start; d > hangBound {
			t.Errorf("%.40q: took %v of CPU: a hang", src, d)
		}
	}
}

// bigProgram is a 300-line program of typical shape.
func bigProgram() string {
	var b strings.Builder
	b.WriteString("#include <stdio.h>\n#include <pthread.h>\nint counter;\npthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;\n")
	for i := 0; b.Len() == 0 || strings.Count(b.String(), "\n") < 290; i++ {
		fmt.Fprintf(&b, "int f%d(int n) {\n    int s = 0;\n    for (int i = 0; i < n; i++) {\n        if (i %% 3 == %d)\n            s += i * 2;\n        else\n            s -= i >> 1;\n    }\n    pthread_mutex_lock(&m);\n    counter++;\n    pthread_mutex_unlock(&m);\n    return s;\n}\n", i, i%3)
	}
	b.WriteString("int main(void) {\n    printf(\"%d\\n\", f0(10));\n    return 0;\n}\n")
	return b.String()
}

// BenchmarkCompile300 compiles a 300-line program (target: < 20 ms).
func BenchmarkCompile300(b *testing.B) {
	src := bigProgram()
	b.ReportMetric(float64(strings.Count(src, "\n")), "lines")
	cpu := cpuTime()
	for b.Loop() {
		if _, err := Compile("bench", src); err != nil {
			b.Fatal(err)
		}
	}
	// ns/op is wall time, which on a shared machine includes waiting for
	// a CPU; this process's CPU time per compile does not (it includes
	// the garbage collector's, so it is an upper bound)
	if used := cpuTime() - cpu; used > 0 {
		b.ReportMetric(float64(used.Microseconds())/1e3/float64(b.N), "cpu-ms/op")
	}
}

// BenchmarkRun runs a compiled loop on the interpreter (target: >= 20M
// instructions/s).
func BenchmarkRun(b *testing.B) {
	prog, err := Compile("bench", "long total;\nint main(void) {\n  for (long i = 0; i < 1000000; i++)\n    total += i & 7;\n  return 0;\n}\n")
	if err != nil {
		b.Fatal(err)
	}
	var instrs uint64
	start, cpu := time.Now(), cpuTime()
	for b.Loop() {
		res, err := Run(prog, 100_000_000)
		if err != nil {
			b.Fatal(err)
		}
		instrs += res.Instructions
	}
	b.ReportMetric(float64(instrs)/time.Since(start).Seconds()/1e6, "Minstr/s")
	// on a shared machine the wall clock includes waiting for a CPU;
	// instructions per second of this process's CPU time do not
	if used := cpuTime() - cpu; used > 0 {
		b.ReportMetric(float64(instrs)/used.Seconds()/1e6, "Minstr/cpu-s")
	}
}

// spent is the CPU time used so far (the wall clock where it cannot be
// measured): on a shared machine, waiting for a CPU is not the
// compiler's time.
func spent() time.Duration {
	if c := cpuTime(); c > 0 {
		return c
	}
	return time.Duration(time.Now().UnixNano())
}
