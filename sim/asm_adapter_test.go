package sim

import (
	"errors"
	"testing"

	"procscope/sim/asm"
)

func TestNewReportsEveryProgramProblemWithItsLine(t *testing.T) {
	src := ".main\nmvo $1, %ax\nj .nowhere\nmov $1, %gx\nhalt\n"
	_, err := New(Config{Program: src})
	var list asm.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("New: %v, want an error wrapping asm.ErrorList", err)
	}
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("error does not wrap ErrInvalid: %v", err)
	}
	var lines []int
	for _, e := range list {
		lines = append(lines, e.Line)
	}
	if len(lines) != 3 || lines[0] != 2 || lines[1] != 3 || lines[2] != 4 {
		t.Errorf("problems on lines %v, want [2 3 4]: %v", lines, err)
	}
}
