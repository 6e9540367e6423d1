package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// hardReadLimit is where the WebSocket library itself closes the
// connection (StatusMessageTooBig). Below it, a message over the protocol's
// small limit is read, thrown away and answered with a too-large error,
// so the connection stays usable.
const hardReadLimit = 256 << 10

// writeTimeout is how long one message may take to send before the client
// is dropped as too slow.
const writeTimeout = 5 * time.Second

// conn is one open WebSocket: a reader (the handler goroutine) and a
// writer goroutine that drains a small bounded queue.
type conn struct {
	srv    *Server
	ws     *websocket.Conn
	ctx    context.Context
	cancel context.CancelFunc
	addr   netip.Addr
	base   string // absolute base URL, for join links
	out    chan []byte
	bucket *bucket

	// view, sess, role and memberID are set by hello on the reader
	// goroutine; role and memberID change under the session's lock.
	view     viewKey
	sess     atomic.Pointer[session] // moves when a room closes under a follower
	role     string
	memberID string

	killOnce  sync.Once
	kill      chan struct{}
	killCode  websocket.StatusCode
	killWhy   string
	killFlush bool
}

func (srv *Server) handleSocket(w http.ResponseWriter, r *http.Request) {
	cl := srv.clientOf(r)
	if code, ok := srv.admit(cl.Addr); !ok {
		http.Error(w, code.message(pick(r.URL.Query().Get("lang"), "en", "ko")), code.httpStatus())
		srv.metrics.errors.WithLabelValues(string(code)).Inc()
		return
	}
	defer srv.release(cl.Addr)
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{OriginPatterns: srv.originPatterns()})
	if err != nil {
		return // Accept has answered the request.
	}
	ws.SetReadLimit(hardReadLimit)
	ctx, cancel := context.WithCancel(srv.life)
	c := &conn{
		srv: srv, ws: ws, ctx: ctx, cancel: cancel, addr: cl.Addr,
		base: cl.Scheme + "://" + cl.Host + srv.cfg.BasePath,
		out:  make(chan []byte, srv.cfg.Limits.QueueLen), kill: make(chan struct{}),
		bucket: newBucket(srv.cfg.Limits.CommandsPerSecond, srv.cfg.Limits.CommandBurst, srv.now()),
		view:   viewKey{lang: "en"},
	}
	if !srv.track(c) {
		ws.Close(websocket.StatusGoingAway, string(CodeGoingAway))
		cancel()
		return
	}
	defer srv.untrack(c)
	writerDone := make(chan struct{})
	go func() { defer close(writerDone); c.writeLoop() }()
	c.readLoop()
	c.cancel()
	<-writerDone
	c.leave()
}

// session is the connection's current session, or nil before hello.
func (c *conn) session() *session { return c.sess.Load() }

// leave detaches the connection from its session. The session may change
// under it (a closing room moves its followers into labs of their own), so
// it detaches from the one that holds it.
func (c *conn) leave() {
	for {
		s := c.session()
		if s == nil {
			return
		}
		s.mu.Lock()
		_, in := s.subs[c]
		if in {
			s.detachLocked(c)
		}
		s.mu.Unlock()
		if in || c.session() == s {
			c.sess.CompareAndSwap(s, nil)
			return
		}
	}
}

// readLoop reads messages until the connection ends.
func (c *conn) readLoop() {
	limit := helloLimit(c.srv.cfg.Limits)
	for {
		msg, tooBig, err := c.read(limit)
		if err != nil {
			if websocket.CloseStatus(err) == -1 && !errors.Is(err, context.Canceled) {
				c.srv.log.Debug("socket read", "err", err)
			}
			return
		}
		if tooBig {
			c.sendError(errorf(CodeTooLarge, "message over %d bytes", limit), "", 0)
			continue
		}
		if !c.bucket.allow(c.srv.now()) {
			c.sendError(errorf(CodeRateLimited, "over %d/s", c.srv.cfg.Limits.CommandsPerSecond), "", 0)
			continue
		}
		req, err := decodeRequest(msg)
		if err != nil {
			c.sendError(err, req.Op, req.Ref)
			continue
		}
		switch {
		case req.Op == "hello":
			c.srv.hello(c, req)
			if c.session() != nil {
				limit = readLimit
			}
		case c.session() == nil:
			c.sendError(errorf(CodeNotHello, "%s before hello", req.Op), req.Op, req.Ref)
		case req.Op == "export":
			c.session().export(c, req)
		default:
			c.session().handle(c, req)
		}
	}
}

// helloLimit is the read limit until hello: it carries the saved lab.
func helloLimit(l Limits) int { return l.MaxStateBytes + readLimit }

// read reads one message of at most limit bytes. A longer one is drained
// and reported, so the connection stays in step.
func (c *conn) read(limit int) (msg []byte, tooBig bool, err error) {
	typ, r, err := c.ws.Reader(c.ctx)
	if err != nil {
		return nil, false, err
	}
	msg, err = io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, false, err
	}
	if len(msg) > limit {
		_, err = io.Copy(io.Discard, r)
		return nil, true, err
	}
	if typ != websocket.MessageText {
		return []byte("binary"), false, nil // answered as bad-json
	}
	return msg, false, nil
}

// writeLoop sends queued messages until the connection ends or is killed.
func (c *conn) writeLoop() {
	for {
		select {
		case <-c.ctx.Done():
			return
		case <-c.kill:
			if c.killFlush {
				c.flush()
			}
			c.ws.Close(c.killCode, c.killWhy)
			c.cancel()
			return
		case msg := <-c.out:
			ctx, cancel := context.WithTimeout(c.ctx, writeTimeout)
			err := c.ws.Write(ctx, websocket.MessageText, msg)
			cancel()
			if err != nil {
				c.cancel() // a client that cannot take a frame in time is gone
				return
			}
			c.srv.metrics.frames.Inc()
			c.srv.metrics.bytes.Add(float64(len(msg)))
		}
	}
}

// flush writes what is queued (the error that explains a close) within a
// short bound.
func (c *conn) flush() {
	ctx, cancel := context.WithTimeout(c.ctx, time.Second)
	defer cancel()
	for {
		select {
		case msg := <-c.out:
			if c.ws.Write(ctx, websocket.MessageText, msg) != nil {
				return
			}
		default:
			return
		}
	}
}

// send queues a message without blocking. A client whose queue is full is
// dropped with StatusPolicyViolation: it never slows the others, and it
// resyncs from a snapshot when it reconnects.
func (c *conn) send(msg []byte) {
	select {
	case c.out <- msg:
	default:
		c.srv.metrics.dropped.Inc()
		c.srv.metrics.errors.WithLabelValues(string(CodeTooSlow)).Inc()
		c.drop(websocket.StatusPolicyViolation, string(CodeTooSlow), false)
	}
}

func (c *conn) sendJSON(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		c.srv.log.Error("encode message", "err", err)
		return
	}
	c.send(b)
}

// drop closes the connection with a status; with flush, what is already
// queued is sent first.
func (c *conn) drop(code websocket.StatusCode, why string, flush bool) {
	c.killOnce.Do(func() {
		c.killCode, c.killWhy, c.killFlush = code, why, flush
		close(c.kill)
	})
}

// sendError sends an error frame in the connection's language; a code with
// a close status also ends the connection.
func (c *conn) sendError(err error, op string, ref int64) {
	code := codeOf(err)
	var re *refError
	if errors.As(err, &re) {
		ref = re.ref
	}
	if code == CodeInternal && op != "" {
		c.srv.log.Error("internal error", "op", op, "err", err)
	} else {
		c.srv.log.Debug("client error", "op", op, "err", err)
	}
	c.srv.metrics.errors.WithLabelValues(string(code)).Inc()
	msg := errorMsg{Type: "error", Code: code, Message: code.message(c.view.lang), Op: op, Ref: ref}
	var se *simError
	if errors.As(err, &se) {
		msg.Detail = se.ev.Err.Msg
	}
	var pe *programErr
	if errors.As(err, &pe) {
		msg.Problems = pe.problemsIn(c.view.lang)
		for _, p := range pe.problems {
			msg.Message += "\n" + p.String(c.view.lang)
		}
	}
	c.sendJSON(msg)
	if st := code.closeStatus(); st != 0 {
		c.drop(st, string(code), true)
	}
}

// fail ends the connection with an error that closes it.
func (c *conn) fail(code Code) { c.sendError(errorf(code, "session ended"), "", 0) }

func (c *conn) goAway() { c.drop(websocket.StatusGoingAway, string(CodeGoingAway), false) }
