package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"procscope/sim"
	"procscope/sim/cc"
)

// exitStatus is an error that ends procscope with a program's exit
// status and no message of its own (trace FILE.c).
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// cTraceLimit bounds the instructions one trace of a C program runs.
const cTraceLimit = 200_000_000

// isCTrace reports whether trace's arguments name a C file.
func isCTrace(args []string) bool {
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".c")
}

// traceC is `procscope trace [--symbols | --json] FILE.c [OTHER.c ...]`:
// it compiles the files (the others are programs of the lab that the
// first may exec, named by their file names without .c), runs the first
// to completion on the linux-x86_64 profile and prints exactly what it
// wrote to stdout (its stderr to stderr), then ends with the program's
// exit status. --symbols prints the symbol table instead; --json the
// final state with the symbols.
func traceC(args []string, stdout, stderr io.Writer) error {
	symbols, asJSON := false, false
	var files []string
	for _, a := range args {
		switch {
		case a == "--symbols" || a == "-symbols":
			symbols = true
		case a == "--json" || a == "-json":
			asJSON = true
		case strings.HasSuffix(a, ".c"):
			files = append(files, a)
		default:
			return fmt.Errorf("trace: %q: C files take only --symbols or --json", a)
		}
	}
	progs := map[string]*sim.Program{}
	var prog *sim.Program
	for _, path := range files {
		p, err := compileFile(path)
		if err != nil {
			return err
		}
		if prog == nil {
			prog = p
		}
		progs[p.Name] = p
	}
	cfg := cc.Config(prog)
	cfg.Programs = progs
	if symbols {
		m, err := sim.New(cfg)
		if err != nil {
			return fmt.Errorf("trace: %w", err)
		}
		for _, s := range symbolTable(m, prog) {
			fmt.Fprintf(stdout, "%s %s %#x %d\n", s.Name, s.Section, s.Addr, s.Size)
		}
		return nil
	}
	res, err := cc.RunConfig(cfg, cTraceLimit)
	if res != nil {
		io.WriteString(stderr, res.Stderr)
	}
	if err != nil {
		return fmt.Errorf("trace: %w", err)
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		out := struct {
			Stdout  string
			Status  int
			Symbols []symbol
			Debug   *sim.Debug
			State   sim.State
		}{res.Stdout, res.Status, symbolTable(res.Machine, prog), prog.Debug, res.Machine.State()}
		if err := enc.Encode(out); err != nil {
			return err
		}
	} else {
		io.WriteString(stdout, res.Stdout)
	}
	if res.Status != 0 {
		return exitStatus(res.Status)
	}
	return nil
}

// symbol is one line of trace --symbols.
type symbol struct {
	Name, Section string
	Addr          uint64
	Size          uint64
}

// symbolTable lists the program's functions, globals, statics and string
// literals where pid 2 has them, in address order.
func symbolTable(m *sim.Machine, prog *sim.Program) []symbol {
	var out []symbol
	for _, p := range m.State().Processes {
		if p.Pid != 2 {
			continue
		}
		var text uint64
		for _, r := range p.Regions {
			if r.Kind == sim.RegionText {
				text = r.Start
			}
		}
		shift := m.Profile().InstrShift
		for _, f := range prog.Debug.Funcs {
			out = append(out, symbol{f.Name, ".text", text + uint64(f.Entry)<<shift, uint64(f.End-f.Entry) << shift})
		}
		named := map[string]bool{}
		for _, g := range prog.Debug.Globals {
			named[g.Name] = true
		}
		for _, g := range p.Globals {
			if named[g.Name] {
				out = append(out, symbol{g.Name, "." + g.Section, g.Addr, g.Size})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Addr < out[j].Addr })
	return out
}

// compileFile compiles one C file into a program named after the file.
func compileFile(path string) (*sim.Program, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("trace: cannot read the program: %w", err)
	}
	name := strings.TrimSuffix(path[strings.LastIndexByte(path, '/')+1:], ".c")
	prog, err := cc.Compile(name, string(src))
	if err != nil {
		var ce *cc.Error
		if errors.As(err, &ce) {
			return nil, fmt.Errorf("%s:%d:%d: %s [%s]", path, ce.Line, ce.Col, ce.Message("en"), ce.Code)
		}
		return nil, fmt.Errorf("trace: %w", err)
	}
	return prog, nil
}
