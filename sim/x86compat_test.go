package sim

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// This test replays real x86.py -c output (produced on this machine from
// the public OSTEP homework, kept outside the repository in /tmp/ostep)
// through the interpreter and a minimal row printer, comparing every table
// row. It skips when the files are absent; the committed golden tests of
// `procscope trace` cover the same ground in CI.
const ostepDir = "/tmp/ostep"

type x86Printer struct {
	m        *Machine
	mem      []string
	regs     []Reg
	cc       bool
	manual   bool
	nthreads int
	out      []string
}

func (p *x86Printer) prefix(tid int) string {
	var b strings.Builder
	for _, e := range p.mem {
		addr, err := strconv.ParseUint(e, 10, 64)
		if err != nil {
			for _, g := range procStateM(p.m, 2).Globals {
				if g.Name == e {
					addr = g.Addr
				}
			}
		}
		v, _ := p.m.Peek(2, addr)
		fmt.Fprintf(&b, "%5d ", v)
	}
	if len(p.mem) > 0 {
		b.WriteString("  ")
	}
	r, _ := p.m.Registers(tid)
	vals := map[Reg]int64{RegAX: r.AX, RegBX: r.BX, RegCX: r.CX, RegDX: r.DX, RegEX: r.EX, RegFX: r.FX, RegSP: r.SP, RegBP: r.BP}
	for _, reg := range p.regs {
		fmt.Fprintf(&b, "%5d ", vals[reg])
	}
	if len(p.regs) > 0 {
		b.WriteString("  ")
	}
	if p.cc {
		for _, bit := range []uint8{ccGTE, ccGT, ccLTE, ccLT, ccNEQ, ccEQ} {
			if r.Flags&bit != 0 {
				b.WriteString("1  ")
			} else {
				b.WriteString("0  ")
			}
		}
	}
	return b.String()
}

func (p *x86Printer) Step(s StepInfo) {
	p.out = append(p.out, p.prefix(s.Tid)+strings.Repeat(" ", 25*(s.Tid-2))+fmt.Sprintf("%d %s", s.PC, s.Text))
}

func (p *x86Printer) Scheduled(s SchedInfo) {
	if s.To == 0 {
		return
	}
	switch s.Reason {
	case "halt":
		p.out = append(p.out, p.prefix(s.To)+strings.Repeat("----- Halt;Switch -----  ", p.nthreads))
	case "interrupt", "yield":
		if !p.manual || s.From != s.To {
			p.out = append(p.out, p.prefix(s.To)+strings.Repeat("------ Interrupt ------  ", p.nthreads))
		}
	}
}

func procStateM(m *Machine, pid int) ProcessState {
	for _, p := range m.State().Processes {
		if p.Pid == pid {
			return p
		}
	}
	return ProcessState{}
}

func TestX86Compatibility(t *testing.T) {
	index, err := os.ReadFile(filepath.Join(ostepDir, "golden", "INDEX.txt"))
	if err != nil {
		t.Skip("no x86.py goldens in /tmp/ostep")
	}
	dirs := map[string]string{}
	for _, line := range strings.Split(string(index), "\n") {
		f := strings.Split(line, "|")
		if len(f) >= 3 && !strings.HasPrefix(line, "#") {
			dirs[strings.TrimSpace(f[0])] = strings.TrimPrefix(strings.TrimSpace(f[2]), "program dir=")
		}
	}
	ran := 0
	for name, dir := range dirs {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(ostepDir, "golden", name+".txt"))
			if err != nil {
				t.Skip(err)
			}
			lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
			args := strings.Fields(strings.TrimPrefix(lines[0], "# cmd: x86.py"))
			cfg := Config{Profile: "ostep", Threads: 2}
			pr := &x86Printer{}
			var prog string
			for i := 0; i < len(args); i++ {
				a := args[i]
				if a == "-c" || a == "-C" {
					pr.cc = pr.cc || a == "-C"
					continue
				}
				if len(a) != 2 || a[0] != '-' || i+1 >= len(args) || strings.Contains("vHSr", a[1:]) {
					t.Skipf("option form %q not covered here", a)
				}
				v := args[i+1]
				i++
				n, _ := strconv.Atoi(v)
				switch a {
				case "-p":
					prog = v
				case "-t":
					cfg.Threads = n
				case "-i":
					cfg.Interrupt = n
				case "-a":
					cfg.ThreadArgs = strings.Split(v, ",")
				case "-L":
					cfg.LoadAddr = uint64(n)
				case "-m":
					cfg.MemSize = n
				case "-M":
					pr.mem = strings.Split(v, ",")
				case "-R":
					for _, r := range strings.Split(v, ",") {
						reg, ok := RegByName(r)
						if !ok {
							t.Skipf("register %q", r)
						}
						pr.regs = append(pr.regs, reg)
					}
				case "-P":
					for _, c := range v {
						cfg.Schedule = append(cfg.Schedule, 2+int(c-'0'))
					}
					pr.manual = true
				}
			}
			if !strings.Contains(lines[0], " -c") {
				t.Skip("without -c x86.py prints ? for every value")
			}
			if prog == "" || strings.Contains(name, "-err-") {
				t.Skip("an error case")
			}
			src, err := os.ReadFile(filepath.Join(ostepDir, dir, prog))
			if err != nil {
				t.Skip(err)
			}
			cfg.Program = string(src)
			cfg.PopLoadsSP = strings.HasPrefix(name, "intro-")
			m, err := New(cfg)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			pr.m, pr.nthreads = m, cfg.Threads
			m.SetObserver(pr)
			if len(pr.mem)+len(pr.regs) > 0 || pr.cc {
				pr.out = append(pr.out, pr.prefix(m.Current(0)))
			}
			m.Apply(Command{Op: CmdStep, N: 100000})
			var want []string
			started := false
			for _, l := range lines[1:] {
				if strings.Contains(l, "Thread 0") {
					started = true
					continue
				}
				if started && l != "" {
					want = append(want, strings.TrimRight(l, " "))
				}
			}
			for i := range pr.out {
				pr.out[i] = strings.TrimRight(pr.out[i], " ")
			}
			for i := 0; i < max(len(want), len(pr.out)); i++ {
				var g, w string
				if i < len(pr.out) {
					g = pr.out[i]
				}
				if i < len(want) {
					w = want[i]
				}
				if g != w {
					t.Fatalf("row %d:\n got %q\nwant %q", i, g, w)
				}
			}
			ran++
		})
	}
	t.Logf("compared %d x86.py traces row for row", ran)
}
