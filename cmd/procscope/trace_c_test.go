package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// trace FILE.c prints exactly the program's stdout and returns its status.
func TestTraceC(t *testing.T) {
	var out, errb bytes.Buffer
	err := trace(context.Background(), []string{"../../docs/examples/c/stderr_write.c"}, &out, &errb)
	var st exitStatus
	if !errors.As(err, &st) || st != 2 {
		t.Fatalf("want exit status 2, got %v", err)
	}
	if want := "direct\nbuffered then newline\nfprintf to stdout 5\n"; out.String() != want {
		t.Errorf("stdout %q, want %q", out.String(), want)
	}
	if errb.String() != "to stderr\n" {
		t.Errorf("stderr %q", errb.String())
	}
}

func TestTraceCSymbols(t *testing.T) {
	var out bytes.Buffer
	if err := trace(context.Background(), []string{"--symbols", "../../docs/examples/c/sections.c"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"initialised": ".data", "zeroed": ".bss", "answer": ".rodata", "id.0": ".data", "main": ".text", ".LC0": ".rodata"}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		f := strings.Fields(line)
		if len(f) != 4 || !strings.HasPrefix(f[2], "0x") {
			t.Fatalf("bad line %q", line)
		}
		if sec, ok := want[f[0]]; ok {
			if sec != f[1] {
				t.Errorf("%s in %s, want %s", f[0], f[1], sec)
			}
			delete(want, f[0])
		}
	}
	if len(want) > 0 {
		t.Errorf("missing %v in\n%s", want, out.String())
	}
}

func TestTraceCCompileError(t *testing.T) {
	err := trace(context.Background(), []string{"testdata/c/missing-semicolon.c"}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "missing-semicolon.c:2:14: expected ';' after '1' [c-missing-semicolon]") {
		t.Fatalf("got %v", err)
	}
}

// The other files are programs of the lab the first may exec.
func TestTraceCExec(t *testing.T) {
	var out bytes.Buffer
	err := trace(context.Background(), []string{"../../docs/examples/c/exec_parent.c", "../../docs/examples/c/exec_child.c"}, &out, &out)
	if err != nil {
		t.Fatal(err)
	}
	want := "parent starts\nexec_child: a new program in the same process (runs = 1)\nchild ran exec_child and exited with 5\n"
	if out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}
