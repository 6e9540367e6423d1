package server

import (
	"bytes"
	"strings"
	"testing"
)

// TestWhatComesWithTheUpgradeIsRead: a client may send its first
// messages in the same packet as its upgrade request, before the server
// answers; net/http has read them into its own buffer, which the socket
// replaces with a smaller one (socketbuf.go). Nothing may be lost, even
// past the small buffer's size.
func TestWhatComesWithTheUpgradeIsRead(t *testing.T) {
	h := newHarness(t, Config{})
	hello := wsFrame(0x1, []byte(`{"op":"hello","protocol":1,"format":"json","lang":"ko"}`), true)
	long := wsFrame(0x1, []byte(`{"op":"step","n":1,"ref":7,"pad":"`+strings.Repeat("x", 2*socketReadBuf)+`"}`), true)
	r := h.dialRawWith(append(hello, long...))
	for {
		op, p, err := r.readFrame()
		if err != nil {
			t.Fatalf("no answer to the step sent with the upgrade: %v", err)
		}
		if op == 0x1 && bytes.HasPrefix(p, []byte(`{"type":"frame"`)) && bytes.Contains(p, []byte(`"tick":1,`)) {
			return
		}
	}
}
