package server

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
)

// socketReadBuf is the read buffer of an upgraded connection. net/http hands a hijacked
// connection its own 4 KiB reader and 4 KiB writer, which the WebSocket
// library keeps for the socket's life. A command is under a few hundred
// bytes, so the reader is 512 B (a longer message, a hello carrying a
// saved lab, is read past the buffer straight into the caller's slice).
// The writer stays net/http's 4 KiB: a frame is written as its header
// and payload into it, and one that does not fit costs a second system
// call — a step frame of a few KiB to each of a thousand followers would
// pay that on every step.
const socketReadBuf = 512

// smallBuffers is a ResponseWriter whose Hijack returns the connection
// with a small reader in place of net/http's. The old one is dropped
// once the handler returns (net/http's conn holds it until then).
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
	return nc, bufio.NewReadWriter(br, brw.Writer), nil
}
