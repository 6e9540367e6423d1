package sim

import "testing"

// C's instructions, written by hand: arithmetic, sized stores and loads
// (one value per address, truncated and extended), division by zero.
func TestCInstructions(t *testing.T) {
	src := `.bss buf 16
.main
mov $-7, %ax
mov $2, %bx
div %bx, %ax
mov $-7, %cx
rem %bx, %cx
mov $-1, %dx
shr $60, %dx
mov $300, %ex
movb %ex, buf
movzb buf, %fx
testu $1, %dx
jlt .bad
halt
.bad
mov $99, %ax
halt
`
	m, err := New(Config{Program: src})
	if err != nil {
		t.Fatal(err)
	}
	m.Apply(Command{Op: CmdStep, N: 12}) // up to the halt
	regs, _ := m.Registers(2)
	if regs.AX != -3 || regs.CX != -1 || regs.DX != 15 || regs.FX != 44 {
		t.Errorf("ax %d (want -3), cx %d (-1), dx %d (15), fx %d (300 stored as a byte is 44)", regs.AX, regs.CX, regs.DX, regs.FX)
	}
}

func TestDivisionByZeroRaisesSIGFPE(t *testing.T) {
	m, err := New(Config{Program: ".main\nmov $0, %bx\nmov $1, %ax\ndiv %bx, %ax\nhalt\n"})
	if err != nil {
		t.Fatal(err)
	}
	m.Apply(Command{Op: CmdUntil, Name: UntilHalt})
	for _, p := range m.State().Processes {
		if p.Pid == 2 && p.Status.Signal != SIGFPE {
			t.Fatalf("status %+v, want killed by SIGFPE", p.Status)
		}
	}
}
