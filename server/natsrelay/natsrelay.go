// Package natsrelay carries procscope's classrooms across replicas through
// NATS: room codes and saved rooms in a JetStream key-value bucket, each
// room's frames on a subject of its own, commands to a room's authority by
// request/reply, and heartbeats so a replica that vanished is noticed.
// It implements server.Relay; cmd/procscope uses it when -nats is set.
package natsrelay

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"procscope/server"
)

// Options tune a relay; zero fields take the defaults.
type Options struct {
	// Replica names this process; default the host name and a random
	// suffix, so a restarted process is a new replica.
	Replica string
	// Bucket is the key-value bucket of room records.
	Bucket string
	// Prefix starts every subject the relay uses.
	Prefix string
	// Heartbeat is how often this replica says it is alive.
	Heartbeat time.Duration
	// Lost is how long a replica may stay silent before its rooms count
	// as lost; default three heartbeats.
	Lost time.Duration
	// Timeout bounds one bucket operation.
	Timeout time.Duration
	// Memory keeps the bucket in memory instead of on disk (tests).
	Memory bool
}

func (o Options) withDefaults() Options {
	if o.Replica == "" {
		host, _ := os.Hostname()
		b := make([]byte, 3)
		rand.Read(b)
		o.Replica = strings.Map(subjectSafe, host) + "-" + hex.EncodeToString(b)
	}
	if o.Bucket == "" {
		o.Bucket = "procscope_rooms"
	}
	if o.Prefix == "" {
		o.Prefix = "procscope"
	}
	if o.Heartbeat <= 0 {
		o.Heartbeat = time.Second
	}
	if o.Lost <= 0 {
		o.Lost = 3 * o.Heartbeat
	}
	if o.Timeout <= 0 {
		o.Timeout = 2 * time.Second
	}
	return o
}

// subjectSafe keeps a host name's letters, digits and dashes; anything
// else (dots split subjects) becomes a dash.
func subjectSafe(r rune) rune {
	if r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
		return r
	}
	return '-'
}

// Relay is a server.Relay over one NATS connection.
type Relay struct {
	nc  *nats.Conn
	own bool // the relay dialled nc and closes it
	kv  jetstream.KeyValue
	opt Options

	mu      sync.Mutex
	upSince time.Time            // when the connection last came up
	up      context.Context      // cancelled when the connection drops
	upEnd   context.CancelFunc   // cancels up
	seen    map[string]time.Time // last heartbeat of each replica
	gone    map[string]bool      // replicas that said goodbye
	subs    []*nats.Subscription
	stop    chan struct{}
	done    chan struct{}
	closed  bool
}

var _ server.Relay = (*Relay)(nil)

// Connect dials NATS at url (reconnecting for as long as the process
// runs) and starts a relay on it.
//
// While the connection is down nothing is buffered for later: a frame
// published then is stale by the time it could arrive (its followers
// resync after the reconnect instead), and a student's command that was
// answered "reconnecting" must not run behind their back a minute later.
// Pings every two heartbeats notice a connection that died silently.
func Connect(url string, opt Options) (*Relay, error) {
	opt = opt.withDefaults()
	// After a NATS restart every replica tries again within a heartbeat
	// (nats.go's default is 2 s), so the others hear it again within the
	// grace Alive gives a reconnected relay.
	nc, err := nats.Connect(url, nats.Name("procscope "+opt.Replica), nats.MaxReconnects(-1),
		nats.ReconnectWait(opt.Heartbeat), nats.ReconnectJitter(opt.Heartbeat/10, opt.Heartbeat/10),
		nats.ReconnectBufSize(-1), nats.PingInterval(2*opt.Heartbeat), nats.MaxPingsOutstanding(2))
	if err != nil {
		return nil, fmt.Errorf("nats %s: %w", url, err)
	}
	r, err := New(nc, opt)
	if err != nil {
		nc.Close()
		return nil, err
	}
	r.own = true
	return r, nil
}

// New starts a relay on an open connection: it makes the bucket if it is
// missing, listens to the other replicas' heartbeats and starts its own.
// It takes over the connection's disconnect and reconnect handlers.
func New(nc *nats.Conn, opt Options) (*Relay, error) {
	opt = opt.withDefaults()
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("jetstream: %w", err)
	}
	r := &Relay{
		nc: nc, opt: opt,
		seen: map[string]time.Time{}, gone: map[string]bool{},
		stop: make(chan struct{}), done: make(chan struct{}),
	}
	if r.kv, err = r.bucket(js); err != nil {
		return nil, err
	}
	r.connected()
	nc.SetDisconnectErrHandler(func(*nats.Conn, error) { r.disconnected() })
	nc.SetReconnectHandler(func(*nats.Conn) {
		r.connected()
		// A NATS server that restarted without its store lost the bucket:
		// make it again, and the authorities write their rooms back.
		_, _ = r.bucket(js)
	})
	hb, err := nc.Subscribe(opt.Prefix+".hb", func(m *nats.Msg) { r.heard(string(m.Data), false) })
	if err != nil {
		return nil, err
	}
	bye, err := nc.Subscribe(opt.Prefix+".bye", func(m *nats.Msg) { r.heard(string(m.Data), true) })
	if err != nil {
		hb.Unsubscribe()
		return nil, err
	}
	r.subs = []*nats.Subscription{hb, bye}
	go r.beat()
	return r, nil
}

// bucket makes the bucket of room records if it is missing.
func (r *Relay) bucket(js jetstream.JetStream) (jetstream.KeyValue, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*r.opt.Timeout)
	defer cancel()
	cfg := jetstream.KeyValueConfig{Bucket: r.opt.Bucket, Description: "procscope classrooms: code → replica, token hash, saved lab", History: 1}
	if r.opt.Memory {
		cfg.Storage = jetstream.MemoryStorage
	}
	kv, err := js.CreateOrUpdateKeyValue(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("key-value bucket %s: %w", r.opt.Bucket, err)
	}
	return kv, nil
}

// connected notes that the connection (re)opened: the other replicas
// get Lost from now to be heard again, since nobody could be heard while
// it was down.
func (r *Relay) connected() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.upEnd != nil {
		r.upEnd()
	}
	r.upSince = time.Now()
	r.up, r.upEnd = context.WithCancel(context.Background())
}

// disconnected ends every request still waiting for an answer: none can
// come on a connection that is gone.
func (r *Relay) disconnected() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.upEnd()
}

// heard notes a heartbeat or a goodbye from a replica.
func (r *Relay) heard(replica string, bye bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if bye {
		r.gone[replica] = true
		delete(r.seen, replica)
		return
	}
	if !r.gone[replica] {
		r.seen[replica] = time.Now()
	}
}

// beat publishes this replica's heartbeat until Close.
func (r *Relay) beat() {
	defer close(r.done)
	t := time.NewTicker(r.opt.Heartbeat)
	defer t.Stop()
	for {
		_ = r.nc.Publish(r.opt.Prefix+".hb", []byte(r.opt.Replica))
		select {
		case <-r.stop:
			return
		case <-t.C:
		}
	}
}

// Replica names this process.
func (r *Relay) Replica() string { return r.opt.Replica }

func (r *Relay) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), r.opt.Timeout)
}

// Claim creates a room's record; the bucket refuses a code any replica
// holds.
func (r *Relay) Claim(code string, rec server.RoomRecord) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	ctx, cancel := r.ctx()
	defer cancel()
	_, err = r.kv.Create(ctx, code, b)
	if errors.Is(err, jetstream.ErrKeyExists) {
		return server.ErrCodeTaken
	}
	return err
}

// Find reads a room's record.
func (r *Relay) Find(code string) (server.RoomRecord, uint64, error) {
	var rec server.RoomRecord
	ctx, cancel := r.ctx()
	defer cancel()
	e, err := r.kv.Get(ctx, code)
	if errors.Is(err, jetstream.ErrKeyNotFound) || errors.Is(err, jetstream.ErrInvalidKey) {
		return rec, 0, server.ErrNoRoom
	}
	if err != nil {
		return rec, 0, err
	}
	if err := json.Unmarshal(e.Value(), &rec); err != nil {
		return rec, 0, fmt.Errorf("room %s record: %w", code, err)
	}
	return rec, e.Revision(), nil
}

// Store writes a room's record, at revision rev unless rev is 0.
func (r *Relay) Store(code string, rec server.RoomRecord, rev uint64) (uint64, error) {
	b, err := json.Marshal(rec)
	if err != nil {
		return 0, err
	}
	ctx, cancel := r.ctx()
	defer cancel()
	if rev == 0 {
		return r.kv.Put(ctx, code, b)
	}
	n, err := r.kv.Update(ctx, code, b, rev)
	if errors.Is(err, jetstream.ErrKeyExists) || errors.Is(err, jetstream.ErrKeyRevisionMismatch) {
		return 0, server.ErrConflict
	}
	return n, err
}

// Release deletes a room's record.
func (r *Relay) Release(code string) error {
	ctx, cancel := r.ctx()
	defer cancel()
	err := r.kv.Purge(ctx, code)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil
	}
	return err
}

func (r *Relay) roomSubject(code string) string { return r.opt.Prefix + ".room." + code }

// sentHeader carries a message's publication time, for the relay latency.
const sentHeader = "Procscope-Sent"

// Publish sends a message on a room's stream. A publish never blocks on
// the network: NATS buffers it, and a follower too slow for its stream
// loses messages and resyncs like a slow socket.
func (r *Relay) Publish(code, topic string, msg []byte) {
	m := nats.NewMsg(r.roomSubject(code) + ".out." + topic)
	m.Data = msg
	m.Header.Set(sentHeader, strconv.FormatInt(time.Now().UnixNano(), 10))
	_ = r.nc.PublishMsg(m)
}

// Follow subscribes to a room's stream; NATS delivers one subscription's
// messages in order on one goroutine.
func (r *Relay) Follow(code string, fn func(topic string, msg []byte, sent time.Time)) (func(), error) {
	base := r.roomSubject(code) + ".out."
	sub, err := r.nc.Subscribe(base+">", func(m *nats.Msg) {
		var sent time.Time
		if n, err := strconv.ParseInt(m.Header.Get(sentHeader), 10, 64); err == nil {
			sent = time.Unix(0, n)
		}
		fn(strings.TrimPrefix(m.Subject, base), m.Data, sent)
	})
	if err != nil {
		return nil, err
	}
	// Frames of a busy room may come faster than a moment's hiccup
	// drains; hold up to 256 MiB rather than drop.
	_ = sub.SetPendingLimits(-1, 256<<20)
	return func() { _ = sub.Unsubscribe() }, nil
}

// Serve answers requests for a room held by this replica.
func (r *Relay) Serve(code string, fn func(req []byte) []byte) (func(), error) {
	sub, err := r.nc.Subscribe(r.roomSubject(code)+".ask", func(m *nats.Msg) { _ = m.Respond(fn(m.Data)) })
	if err != nil {
		return nil, err
	}
	// Once Serve returns, a request from another replica must find it;
	// while disconnected, it will once the subscription is resent.
	if err := r.flush(); err != nil {
		_ = sub.Unsubscribe()
		return nil, err
	}
	return func() { _ = sub.Unsubscribe() }, nil
}

// Ask sends a request to the replica serving a room. It fails at once
// with server.ErrRelayDown while the connection is down, and a request
// in flight when the connection drops fails then, not at its deadline.
func (r *Relay) Ask(ctx context.Context, code string, req []byte) ([]byte, error) {
	r.mu.Lock()
	up := r.up
	r.mu.Unlock()
	if up.Err() != nil || r.nc.Status() != nats.CONNECTED {
		return nil, fmt.Errorf("%w: nats %s", server.ErrRelayDown, strings.ToLower(r.nc.Status().String()))
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(up, cancel)()
	m, err := r.nc.RequestWithContext(ctx, r.roomSubject(code)+".ask", req)
	switch {
	case errors.Is(err, nats.ErrNoResponders):
		return nil, server.ErrNoRoom
	case err != nil && (up.Err() != nil || errors.Is(err, nats.ErrReconnectBufExceeded)):
		return nil, fmt.Errorf("%w: %v", server.ErrRelayDown, err)
	case err != nil:
		return nil, err
	}
	return m.Data, nil
}

// Alive says whether a replica was heard from within Lost. One not yet
// heard from counts as alive until this relay's connection has been up
// for Lost and a heartbeat: since it started, or since it last came back.
func (r *Relay) Alive(replica string) bool {
	if replica == r.opt.Replica {
		return true
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.gone[replica] {
		return false
	}
	if t, ok := r.seen[replica]; ok && time.Since(t) < r.opt.Lost {
		return true
	}
	// Just (re)connected: the others may reconnect up to a reconnect wait
	// (a heartbeat) later than this relay did, then beat.
	return time.Since(r.upSince) < r.opt.Lost+r.opt.Heartbeat
}

// Err is nil while the connection to NATS is up.
func (r *Relay) Err() error {
	if st := r.nc.Status(); st != nats.CONNECTED {
		return fmt.Errorf("nats %s", strings.ToLower(st.String()))
	}
	return nil
}

// Close says goodbye, so the other replicas know at once that this
// one's rooms need a new home, and stops the relay. Call it after the
// server's Shutdown.
func (r *Relay) Close() error {
	if !r.shut() {
		return nil
	}
	_ = r.nc.Publish(r.opt.Prefix+".bye", []byte(r.opt.Replica))
	return r.finish()
}

// vanish stops the relay without a goodbye, as a killed process would.
func (r *Relay) vanish() error {
	if !r.shut() {
		return nil
	}
	return r.finish()
}

func (r *Relay) shut() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return false
	}
	r.closed = true
	close(r.stop)
	return true
}

func (r *Relay) finish() error {
	<-r.done
	r.disconnected()
	for _, s := range r.subs {
		_ = s.Unsubscribe()
	}
	err := r.flush()
	if r.own {
		r.nc.Close()
	}
	return err
}

// flush waits until NATS has what was sent, within Timeout; there is
// nothing to wait for while disconnected, and a replica stopping during
// an outage must not wait.
func (r *Relay) flush() error {
	if r.nc.Status() != nats.CONNECTED {
		return nil
	}
	return r.nc.FlushTimeout(r.opt.Timeout)
}
