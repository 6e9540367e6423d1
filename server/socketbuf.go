package server

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
)

// Buffer sizes of an upgraded connection. net/http hands a hijacked
// connection its own 4 KiB reader and 4 KiB writer, which the WebSocket
// library keeps for the socket's life: 8 KiB of every idle page (a tenth
// of what 10,000 idle sessions cost, docs/performance.md). A command is
// under a few hundred bytes and a JSON step frame about 400, so these fit
// most messages in one system call; a longer message bypasses the buffer
// (bufio reads into and writes from the caller's slice directly).
const (
	socketReadBuf  = 512
	socketWriteBuf = 1024
)

// smallBuffers is a ResponseWriter whose Hijack returns the connection
// with small buffers in place of net/http's. The old buffers are dropped
// once the handler returns (net/http's conn holds them until then).
type smallBuffers struct{ http.ResponseWriter }

// Unwrap lets http.ResponseController reach the writer underneath.
func (w smallBuffers) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Hijack takes over the connection. What the client sent after its
// upgrade request is already in net/http's reader: it is moved into the
// new reader's buffer (the library reads what is buffered, then the
// connection itself), and anything net/http buffered to write is flushed.
func (w smallBuffers) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	nc, brw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	if err := brw.Writer.Flush(); err != nil {
		nc.Close()
		return nil, nil, err
	}
	n := brw.Reader.Buffered()
	early, _ := brw.Reader.Peek(n)
	br := bufio.NewReaderSize(io.MultiReader(bytes.NewReader(bytes.Clone(early)), nc), max(socketReadBuf, n))
	if _, err := br.Peek(n); err != nil {
		nc.Close()
		return nil, nil, err
	}
	return nc, bufio.NewReadWriter(br, bufio.NewWriterSize(nc, socketWriteBuf)), nil
}
