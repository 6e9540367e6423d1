package server

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestProtocolDocIsTrue keeps docs/protocol.md in step with the code:
// every op, every error code and the version are documented.
func TestProtocolDocIsTrue(t *testing.T) {
	b, err := os.ReadFile("../docs/protocol.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	if !strings.Contains(doc, "version "+strconv.Itoa(ProtocolVersion)) {
		t.Errorf("protocol.md does not name version %d", ProtocolVersion)
	}
	ops := append(append([]string{}, sessionOps...), simOps...)
	for op := range wireOps {
		ops = append(ops, op)
	}
	for _, op := range ops {
		if !strings.Contains(doc, "`"+op+"`") {
			t.Errorf("protocol.md lacks op %q", op)
		}
	}
	for what, n := range map[string]int{"read limit": readLimit, "program limit": maxProgram, "drain limit": maxDrain} {
		if !strings.Contains(doc, grouped(n)+" bytes") {
			t.Errorf("protocol.md does not give the %s, %s bytes", what, grouped(n))
		}
	}
	for code := range errTable {
		if !strings.Contains(doc, "| `"+string(code)+"` |") {
			t.Errorf("protocol.md's error table lacks %q", code)
		}
	}
}

// grouped writes n with thousands separators: 16,777,216.
func grouped(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
