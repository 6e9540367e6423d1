package server

import (
	"bufio"
	"encoding/binary"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// rawWS is a hand-made WebSocket client over a plain TCP connection, for
// what a well-behaved library never does: close the TCP connection
// without a close frame, send unmasked frames or invalid UTF-8, announce
// a huge frame and stall.
type rawWS struct {
	t  *testing.T
	nc net.Conn
	br *bufio.Reader
}

// dialRaw opens a socket to the harness's /ws by hand.
func (h *harness) dialRaw() *rawWS { h.t.Helper(); return h.dialRawWith(nil) }

// dialRawWith opens a socket and sends early (whole frames) in the same
// write as the upgrade request, before the server has answered it.
func (h *harness) dialRawWith(early []byte) *rawWS {
	h.t.Helper()
	addr := strings.TrimPrefix(h.ts.URL, "http://")
	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { nc.Close() })
	req := "GET /ws HTTP/1.1\r\nHost: " + addr + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	if _, err := nc.Write(append([]byte(req), early...)); err != nil {
		h.t.Fatal(err)
	}
	br := bufio.NewReader(nc)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		h.t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		h.t.Fatalf("upgrade: %s", resp.Status)
	}
	return &rawWS{t: h.t, nc: nc, br: br}
}

// frame writes one frame: fin set, the opcode, masked or not.
func (r *rawWS) frame(op byte, payload []byte, masked bool) {
	r.t.Helper()
	if _, err := r.nc.Write(wsFrame(op, payload, masked)); err != nil {
		r.t.Fatal(err)
	}
}

// wsFrame is one client frame's bytes.
func wsFrame(op byte, payload []byte, masked bool) []byte {
	b := []byte{0x80 | op, 0}
	switch n := len(payload); {
	case n < 126:
		b[1] = byte(n)
	case n < 1<<16:
		b[1] = 126
		b = binary.BigEndian.AppendUint16(b, uint16(n))
	default:
		b[1] = 127
		b = binary.BigEndian.AppendUint64(b, uint64(n))
	}
	p := append([]byte(nil), payload...)
	if masked {
		b[1] |= 0x80
		key := []byte{1, 2, 3, 4}
		b = append(b, key...)
		for i := range p {
			p[i] ^= key[i%4]
		}
	}
	return append(b, p...)
}

func (r *rawWS) text(s string) { r.frame(0x1, []byte(s), true) }

// readFrame reads one server frame (never masked) and returns its opcode
// and payload.
func (r *rawWS) readFrame() (op byte, payload []byte, err error) {
	r.nc.SetReadDeadline(time.Now().Add(10 * time.Second))
	var hdr [2]byte
	if _, err := io.ReadFull(r.br, hdr[:]); err != nil {
		return 0, nil, err
	}
	n := uint64(hdr[1] & 0x7f)
	switch n {
	case 126:
		var b [2]byte
		if _, err := io.ReadFull(r.br, b[:]); err != nil {
			return 0, nil, err
		}
		n = uint64(binary.BigEndian.Uint16(b[:]))
	case 127:
		var b [8]byte
		if _, err := io.ReadFull(r.br, b[:]); err != nil {
			return 0, nil, err
		}
		n = binary.BigEndian.Uint64(b[:])
	}
	payload = make([]byte, n)
	_, err = io.ReadFull(r.br, payload)
	return hdr[0] & 0xf, payload, err
}

// closeStatus reads until a close frame and returns its status, or -1 if
// the TCP connection ended without one.
func (r *rawWS) closeStatus() websocket.StatusCode {
	r.t.Helper()
	defer r.nc.Close()
	for {
		op, p, err := r.readFrame()
		if err != nil {
			return -1
		}
		if op == 0x8 && len(p) >= 2 {
			return websocket.StatusCode(binary.BigEndian.Uint16(p))
		}
	}
}

// openFDs counts this process's open descriptors.
func openFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	return len(ents)
}

// settles waits until cond holds, giving the runtime time to finish
// closing sockets and goroutines; it reports the last value seen.
func settles(cond func() bool) bool {
	for range 500 {
		if cond() {
			return true
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	return cond()
}
