package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"sync"
	"time"
)

// Relay is what a classroom needs from elsewhere: from the other replicas
// of one deployment. The replica whose process holds a room's lab is its
// authority: it claims the code, serves joins and commands from other
// replicas, and publishes each rendered frame once per view; a replica
// with followers of a room held elsewhere follows its stream.
//
// Without -nats every server has a LocalRelay of its own: one replica,
// every room found in its own memory, exactly as before rooms could span
// replicas. Package natsrelay carries rooms across replicas through NATS.
type Relay interface {
	// Replica names this process among the replicas.
	Replica() string
	// Claim stores the record of a new room; ErrCodeTaken when any
	// replica holds the code already.
	Claim(code string, rec RoomRecord) error
	// Find returns a room's record and its revision; ErrNoRoom if no
	// replica holds the code.
	Find(code string) (RoomRecord, uint64, error)
	// Store writes a room's record: unconditionally when rev is 0 (the
	// authority saving its lab), else only if the record is still at rev
	// (a replica taking over a room whose authority vanished), and
	// returns the new revision.
	Store(code string, rec RoomRecord, rev uint64) (uint64, error)
	// Release forgets a room's code: the room closed.
	Release(code string) error
	// Publish sends one message on a room's stream under a topic ("v.…"
	// a view's frames, "m.…" one member's messages).
	Publish(code, topic string, msg []byte)
	// Follow delivers a room's stream to fn in the order it was
	// published, with the time it was published, until stop is called.
	Follow(code string, fn func(topic string, msg []byte, sent time.Time)) (stop func(), err error)
	// Serve answers requests for a room held here until stop is called.
	Serve(code string, fn func(req []byte) []byte) (stop func(), err error)
	// Ask sends a request to the replica serving a room and returns its
	// answer; ErrRelayDown, at once, while the relay cannot reach the
	// other replicas.
	Ask(ctx context.Context, code string, req []byte) ([]byte, error)
	// Alive says whether a replica has been heard from lately.
	Alive(replica string) bool
	// Err is nil while the relay can reach the other replicas; /readyz
	// reports it.
	Err() error
}

// RoomRecord is what the relay's bucket holds for a room: the replica that
// runs it, a hash of its teacher token (the token itself never leaves
// the teacher's page and the authority's memory), the followers on every
// replica, and its saved lab, so another replica can continue the room.
type RoomRecord struct {
	Replica   string `json:"replica"`
	TokenHash string `json:"tokenHash"`
	Followers int    `json:"followers"`
	Save      string `json:"save,omitempty"`
	// Paced is the lesson of a self-paced room ("" while presenting): a
	// replica taking the room over keeps it self-paced (with a new roster).
	Paced string `json:"paced,omitempty"`
}

// The relay's errors.
var (
	ErrCodeTaken = errors.New("room code taken")
	ErrNoRoom    = errors.New("no such room")
	ErrConflict  = errors.New("room record changed")
	ErrRelayDown = errors.New("relay disconnected")
)

// tokenHash is how a room's record names its teacher token.
func tokenHash(token string) string {
	sum := sha256.Sum256([]byte("procscope room token\x00" + token))
	return hex.EncodeToString(sum[:])
}

// LocalRelay is the relay of a single replica: codes claimed in memory,
// no one to publish to. A server without -nats uses one of its own.
type LocalRelay struct {
	mu    sync.Mutex
	rooms map[string]localRecord
}

type localRecord struct {
	rec RoomRecord
	rev uint64
}

// NewLocalRelay is a relay for one replica.
func NewLocalRelay() *LocalRelay { return &LocalRelay{rooms: map[string]localRecord{}} }

// Replica is the one replica's name.
func (*LocalRelay) Replica() string { return "local" }

// Claim records a code unless it is held.
func (l *LocalRelay) Claim(code string, rec RoomRecord) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.rooms[code]; ok {
		return ErrCodeTaken
	}
	l.rooms[code] = localRecord{rec, 1}
	return nil
}

// Find returns a held code's record.
func (l *LocalRelay) Find(code string) (RoomRecord, uint64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	r, ok := l.rooms[code]
	if !ok {
		return RoomRecord{}, 0, ErrNoRoom
	}
	return r.rec, r.rev, nil
}

// Store writes a record, checking its revision when rev is not 0.
func (l *LocalRelay) Store(code string, rec RoomRecord, rev uint64) (uint64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	r, ok := l.rooms[code]
	if rev != 0 && (!ok || r.rev != rev) {
		return 0, ErrConflict
	}
	r = localRecord{rec, r.rev + 1}
	l.rooms[code] = r
	return r.rev, nil
}

// Release forgets a code.
func (l *LocalRelay) Release(code string) error {
	l.mu.Lock()
	delete(l.rooms, code)
	l.mu.Unlock()
	return nil
}

// Publish has no one to reach: every member of a room is local.
func (*LocalRelay) Publish(string, string, []byte) {}

// Follow never delivers: no other replica publishes.
func (*LocalRelay) Follow(string, func(string, []byte, time.Time)) (func(), error) {
	return func() {}, nil
}

// Serve never receives: no other replica asks.
func (*LocalRelay) Serve(string, func([]byte) []byte) (func(), error) { return func() {}, nil }

// Ask finds nobody: a room not in this process's memory does not exist.
func (*LocalRelay) Ask(context.Context, string, []byte) ([]byte, error) { return nil, ErrNoRoom }

// Alive: the one replica is this one.
func (*LocalRelay) Alive(replica string) bool { return replica == "local" }

// Err is always nil: there is nothing to lose touch with.
func (*LocalRelay) Err() error { return nil }
