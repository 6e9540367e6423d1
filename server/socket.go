package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/coder/websocket"
)

// maxDrain bounds how much of one oversized message the server reads and
// throws away to keep the connection in step. A message over the
// protocol's small limit but within maxDrain is answered with too-large
// and the connection stays usable; past maxDrain the client gets
// too-large and the connection is closed with StatusMessageTooBig (1009).
// The server never holds more than the read limit of a message in memory.
const maxDrain = 16 << 20

// errDrainLimit is a message longer than maxDrain.
var errDrainLimit = errors.New("message longer than the drain limit")

// conn is one open WebSocket: a reader (serve's goroutine) and, while
// anything is queued, a writer goroutine that drains a small bounded
// queue (wake).
type conn struct {
	srv    *Server
	ws     *websocket.Conn
	ctx    context.Context
	cancel context.CancelFunc
	addr   netip.Addr
	base   string // absolute base URL, for join links
	out    chan []byte
	behind atomic.Bool // a message was let go: catch up once out drains
	bucket *bucket
	// limitedAt is when the reader last sent rate-limited (reader only).
	limitedAt time.Time

	// view, sess, role and memberID are set by hello on the reader
	// goroutine; role and memberID change under the session's lock.
	view     viewKey
	sess     atomic.Pointer[session] // moves when a room closes under a follower
	role     string
	memberID string
	// held is the lab the page says it holds (its hello's session, save
	// and progress): a student joining a self-paced room resumes it.
	held heldLab

	// remote is set on the authority for a member of a room who is
	// connected to another replica; follows is set on that replica while
	// its socket follows a room held elsewhere (relay_lead.go, relay_mirror.go).
	remote  *remoteMember
	follows atomic.Pointer[memberOf]
	// greeted is set while a hello is being answered and stays set once
	// one succeeded. The hello timer asks this, not the session: a hello
	// may take longer than the timeout on a busy server, and a follower
	// whose replica lost NATS has neither a session nor a mirror while it
	// waits to be resynced. helloBy is when the timer fires.
	greeted atomic.Bool
	helloBy time.Time

	// The writer runs only while there is something to write (wake): an
	// idle socket holds one goroutine, its reader. wmu guards writing
	// (a writer runs) and live (serve runs, so writers may start).
	wmu     sync.Mutex
	writing bool
	live    bool
	writers sync.WaitGroup

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
	ws, err := websocket.Accept(smallBuffers{w}, r, &websocket.AcceptOptions{OriginPatterns: srv.originPatterns()})
	if err != nil {
		srv.release(cl.Addr)
		return // Accept has answered the request.
	}
	ws.SetReadLimit(-1) // read bounds every message itself (readLimit, maxDrain)
	ctx, cancel := context.WithCancel(srv.life)
	c := &conn{
		srv: srv, ws: ws, ctx: ctx, cancel: cancel, addr: cl.Addr,
		base: cl.Scheme + "://" + cl.Host + srv.cfg.BasePath,
		out:  make(chan []byte, srv.cfg.Limits.QueueLen), kill: make(chan struct{}),
		bucket: newBucket(srv.cfg.Limits.CommandsPerSecond, srv.cfg.Limits.CommandBurst, srv.now()),
		view:   viewKey{lang: "en"}, live: true,
	}
	if !srv.track(c) {
		ws.Close(websocket.StatusGoingAway, string(CodeGoingAway))
		ws.CloseNow()
		cancel()
		srv.release(cl.Addr)
		return
	}
	// The socket runs on a goroutine of its own and the handler returns:
	// net/http's connection, request and buffers and the handler's deep
	// stack (router, middleware) are not kept for the socket's life,
	// about a third of an idle page's memory. Shutdown waits for it (it
	// is tracked until it ends).
	srv.wg.Add(1)
	go c.serve()
}

// serve runs an upgraded socket until it ends. Whatever way it ends (a
// read error after an abrupt TCP close, a panic), the socket and its
// descriptor are released: CloseNow after a finished close handshake
// does nothing.
func (c *conn) serve() {
	srv := c.srv
	defer srv.wg.Done()
	defer srv.release(c.addr)
	defer c.ws.CloseNow()
	defer srv.untrack(c)
	defer func() {
		if v := recover(); v != nil {
			srv.log.Error("socket panic", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			srv.metrics.panics.Inc()
		}
	}()
	// A socket that never says hello is closed: it holds a descriptor and
	// a goroutine for nothing.
	c.helloBy = time.Now().Add(srv.cfg.HelloTimeout)
	helloTimer := time.AfterFunc(srv.cfg.HelloTimeout, func() {
		if !c.greeted.Load() {
			c.drop(websocket.StatusPolicyViolation, "hello-timeout", false)
		}
	})
	defer helloTimer.Stop()
	defer c.leave()
	defer c.stopWriting()
	defer c.cancel()
	c.readLoop()
}

// session is the connection's current session, or nil before hello.
func (c *conn) session() *session { return c.sess.Load() }

// leave detaches the connection from its session. The session may change
// under it (a closing room moves its followers into labs of their own), so
// it detaches from the one that holds it.
func (c *conn) leave() {
	c.srv.unfollow(c)
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
		msg, size, err := c.read(limit)
		if errors.Is(err, errDrainLimit) {
			c.sendError(&tooLargeError{what: "message", size: size, limit: limit}, "", 0)
			c.drop(websocket.StatusMessageTooBig, string(CodeTooLarge), true)
			<-c.ctx.Done() // the writer sends the error, closes and cancels
			return
		}
		if errors.Is(err, errBadUTF8) {
			c.drop(websocket.StatusInvalidFramePayloadData, "invalid UTF-8 in a text message", false)
			<-c.ctx.Done()
			return
		}
		if err != nil {
			c.readFailed(err)
			return
		}
		if !c.pace() {
			continue
		}
		if size > limit {
			c.sendError(&tooLargeError{what: "message", size: size, limit: limit}, "", 0)
			continue
		}
		req, err := decodeRequest(msg)
		if err != nil {
			c.sendError(err, req.Op, req.Ref)
			continue
		}
		switch {
		case req.Op == "hello":
			c.greeted.Store(true)
			c.helloApart(req)
			if c.session() != nil || c.mirrorOf() != nil {
				limit = readLimit
				continue
			}
			c.greeted.Store(false)
			if time.Now().After(c.helloBy) {
				// The timer fired while this hello was answered, and it failed.
				c.drop(websocket.StatusPolicyViolation, "hello-timeout", false)
			}
		case c.mirrorOf() != nil:
			c.srv.forward(c, req, msg)
		case c.session() == nil:
			c.sendError(errorf(CodeNotHello, "%s before hello", req.Op), req.Op, req.Ref)
		case req.Op == "export":
			c.session().export(c, req)
		default:
			start := time.Now()
			c.session().handle(c, req)
			c.charge(time.Since(start))
		}
	}
}

// helloApart runs hello on a goroutine of its own and waits for it.
// hello renders the first full frame, which grows a stack to tens of
// KiB; on the reader that stack would stay for the socket's life (Go
// halves a stack at a collection only while under a quarter of it is
// in use, and a reader waiting for a message uses more than that), about
// 8 KiB of every idle page. A panic is handed back to the reader, whose
// serve recovers it.
func (c *conn) helloApart(req request) {
	var panicked any
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() { panicked = recover() }()
		c.srv.hello(c, req)
	}()
	<-done
	if panicked != nil {
		panic(panicked)
	}
}

// readFailed ends the connection after a read error. The library answers
// most protocol violations with a close frame itself; an unmasked client
// frame it only reports, so that one is closed here with
// StatusProtocolError (RFC 6455 section 5.1). An abrupt disconnect needs
// no close frame: the deferred CloseNow frees the socket.
func (c *conn) readFailed(err error) {
	if websocket.CloseStatus(err) != -1 || errors.Is(err, context.Canceled) {
		return
	}
	c.srv.log.Debug("socket read", "err", err)
	if strings.Contains(err.Error(), "unmasked frame") {
		_ = c.ws.Close(websocket.StatusProtocolError, "unmasked frame") // best effort: the peer is broken
	}
}

// pace applies the command rate. A command past the burst is not refused
// at once but waits its turn (at most one more burst's worth of time): a
// TCP backlog from a client that is within its rate on average arrives as
// a burst, and it is served at the rate instead of being told to slow
// down. Only a client that keeps sending faster than its rate runs past
// that debt and hears rate-limited (each refused message then costs it
// one token's time).
func (c *conn) pace() bool {
	lim := c.srv.cfg.Limits
	now := c.srv.now()
	wait, ok := c.bucket.reserve(now, 1, float64(lim.CommandBurst))
	if !ok {
		c.refuseRateLimited(now)
		// Read nothing more for one token's time: a flood is then read
		// at the command rate, never in a loop that keeps the core (a
		// socket with data waiting is read without parking), and TCP
		// holds the rest back.
		c.srv.sleep(c.ctx, time.Second/time.Duration(lim.CommandsPerSecond))
		return false
	}
	if wait > 0 {
		c.srv.sleep(c.ctx, wait)
	}
	return true
}

// charge takes from the command budget what a command cost beyond its
// one token, and paces the connection if that runs it into debt.
func (c *conn) charge(took time.Duration) {
	lim := c.srv.cfg.Limits
	token := time.Duration(lim.CommandShare / float64(lim.CommandsPerSecond) * float64(time.Second))
	extra := float64(took)/float64(token) - 1
	if extra <= 0 {
		return
	}
	c.srv.metrics.chargedTokens.Add(extra)
	if wait := c.bucket.owe(c.srv.now(), extra, float64(lim.CommandBurst)); wait > 0 {
		c.srv.sleep(c.ctx, wait)
	}
}

// rateLimitedEvery is the window in which a connection over its command
// rate hears rate-limited at most once: a burst of refused messages gets
// one error, not one each, so refusals cannot fill the send queue.
const rateLimitedEvery = time.Second

// refuseRateLimited answers a message refused by the rate limit: the
// first refusal of a window gets a rate-limited error, the others are
// only counted. The error is offered, never forced: if the queue is full
// of real frames it is skipped rather than dropping the client.
func (c *conn) refuseRateLimited(now time.Time) {
	c.srv.metrics.errors.WithLabelValues(string(CodeRateLimited)).Inc()
	if !c.limitedAt.IsZero() && now.Sub(c.limitedAt) < rateLimitedEvery {
		return
	}
	b, err := json.Marshal(errorMsg{Type: "error", Code: CodeRateLimited, Message: CodeRateLimited.message(c.view.lang)})
	if err != nil {
		return
	}
	select {
	case c.out <- b:
		c.wake()
		c.limitedAt = now
	default: // a later refusal may find room
	}
}

// helloLimit is the read limit until hello: it carries the saved lab.
func helloLimit(l Limits) int { return l.MaxStateBytes + readLimit }

// read reads one message of at most limit bytes and returns it with its
// size. A longer one is drained and thrown away (msg nil, size its full
// length), so the connection stays in step.
//
// Waiting for a message is unbounded (a follower may watch for an hour
// without a word), but once a message has begun it must arrive whole
// within MessageTimeout: a client that announces a huge frame and stalls
// is closed with StatusPolicyViolation instead of holding its socket.
func (c *conn) read(limit int) (msg []byte, size int, err error) {
	ctx, cancel := context.WithCancel(c.ctx)
	defer cancel()
	typ, r, err := c.ws.Reader(ctx)
	if err != nil {
		return nil, 0, err
	}
	stalled := time.AfterFunc(c.srv.cfg.MessageTimeout, func() {
		// Say why, then cut the read a moment later: a stalled peer
		// will not answer the close handshake.
		go func() { _ = c.ws.Close(websocket.StatusPolicyViolation, "message-timeout") }()
		time.AfterFunc(abortGrace, cancel)
	})
	defer stalled.Stop()
	msg, err = io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, 0, err
	}
	if len(msg) > limit {
		n, err := io.Copy(io.Discard, io.LimitReader(r, int64(maxDrain-len(msg))+1))
		size = len(msg) + int(n)
		if err == nil && size > maxDrain {
			err = errDrainLimit
		}
		return nil, size, err
	}
	if typ != websocket.MessageText {
		return []byte("binary"), len(msg), nil // answered as bad-json
	}
	if !utf8.Valid(msg) {
		return nil, len(msg), errBadUTF8
	}
	return msg, len(msg), nil
}

// abortGrace is how long a close frame to a stalled peer gets before the
// socket is cut.
const abortGrace = 250 * time.Millisecond

// errBadUTF8 is a text message that is not UTF-8: RFC 6455 (section 8.1)
// requires closing with StatusInvalidFramePayloadData (1007).
var errBadUTF8 = errors.New("text message is not valid UTF-8")

// wake starts a writer unless one runs: something was queued, or the
// connection was killed. Writers start only while serve runs (a test's
// connection without a socket drains its queue itself).
func (c *conn) wake() {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.writing || !c.live {
		return
	}
	c.writing = true
	c.writers.Add(1)
	go c.writeLoop()
}

// stopWriting lets no writer start any more and waits for the one that
// runs (the connection's context is cancelled: it ends at once).
func (c *conn) stopWriting() {
	c.wmu.Lock()
	c.live = false
	c.wmu.Unlock()
	c.writers.Wait()
}

// idle ends the writer when there is nothing to do, unless something
// came in since it looked.
func (c *conn) idle() bool {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	select {
	case <-c.kill:
		return false
	default:
	}
	if len(c.out) > 0 || c.ctx.Err() != nil {
		return false
	}
	c.writing = false
	return true
}

// writeLoop sends queued messages until the queue is empty (idle), the
// connection ends or it is killed. An idle socket then holds no writer:
// about 3 KiB of stack and a goroutine less per open page.
func (c *conn) writeLoop() {
	defer c.writers.Done()
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
			ctx, cancel := context.WithTimeout(c.ctx, c.srv.cfg.WriteTimeout)
			err := c.ws.Write(ctx, websocket.MessageText, msg)
			cancel()
			if err != nil {
				if c.ctx.Err() == nil {
					// A client that cannot take one message in WriteTimeout is
					// gone (the library cuts the TCP connection: no close
					// frame can pass a stalled write).
					c.srv.metrics.dropped.Inc()
					c.srv.metrics.errors.WithLabelValues(string(CodeTooSlow)).Inc()
				}
				c.cancel()
				return
			}
			c.srv.metrics.frames.Inc()
			c.srv.metrics.bytes.Add(float64(len(msg)))
			if len(c.out) == 0 && c.behind.Swap(false) {
				c.catchUp()
			}
		default:
			if c.idle() {
				return
			}
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

// send queues a message without blocking. A client whose queue is full
// is behind: the message is let go (it never slows the others, and its
// memory stays bounded by the queue), and once the queue has drained the
// writer catches the client up with one frame of the latest state
// (catchUp): never a growing queue, never a 1008.
func (c *conn) send(msg []byte) {
	if c.remote != nil {
		c.remote.send(msg)
		return
	}
	select {
	case c.out <- msg:
		c.wake()
	default:
		c.srv.metrics.coalesced.Inc()
		c.behind.Store(true)
	}
}

// catchUp brings a client that fell behind up to date, as after its
// hello: the room it is in, a snapshot for a JSON client, and a full
// frame. It runs on the writer goroutine under the session's lock.
func (c *conn) catchUp() {
	s := c.session()
	if s == nil {
		return
	}
	s.do(nil, "catch-up", func() error {
		if _, ok := s.subs[c]; ok {
			s.syncLocked(c)
		}
		return nil
	})
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
// queued is sent first. It reports whether this call was the one that
// closed it.
func (c *conn) drop(code websocket.StatusCode, why string, flush bool) (first bool) {
	c.killOnce.Do(func() {
		c.killCode, c.killWhy, c.killFlush = code, why, flush
		close(c.kill)
		first = true
	})
	c.wake()
	return first
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
	var fe *protoError
	if errors.As(err, &fe) && fe.Public != "" {
		msg.Detail = fe.Public
	}
	var tl *tooLargeError
	if errors.As(err, &tl) {
		msg.Message, msg.Detail = tl.message(c.view.lang), tl.Error()
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

// goAway closes the connection because the server stops. What is queued is sent first: the server's last frames (see
// pauseForLastSave) reach the page before the close.
func (c *conn) goAway() { c.drop(websocket.StatusGoingAway, string(CodeGoingAway), true) }
