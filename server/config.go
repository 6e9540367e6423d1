package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"strings"
	"time"
)

// Config is the server's configuration, filled from flags and environment
// by cmd/procscope. The zero value is usable: withDefaults fills the rest.
type Config struct {
	// Addr is the address to listen on, e.g. ":8080".
	Addr string
	// Dev relaxes what only development needs: localhost may frame the
	// embed route and open the socket.
	Dev bool
	// OriginPatterns lists extra origins allowed to open the WebSocket
	// (same-origin is always allowed), as host patterns like
	// "lms.example.edu" or "*.example.edu".
	OriginPatterns []string
	// FrameAncestors lists the CSP frame-ancestors sources allowed to embed
	// /embed/v1/{lesson}. Empty means 'self' plus any https origin.
	FrameAncestors []string
	// BasePath is the sub-path the server is reached under behind a
	// reverse proxy, e.g. "/procscope"; empty means the root.
	BasePath string
	// TrustedProxies are the networks whose X-Forwarded-Proto and
	// X-Forwarded-For headers are believed.
	TrustedProxies []netip.Prefix
	// SessionIdle is how long a session without a connection is kept for
	// a reconnect before it is freed.
	SessionIdle time.Duration
	// LessonKey signs completion codes and the lesson progress pages keep
	// (HMAC-SHA256, at least 16 bytes). Empty: a random key per start, so
	// codes verify only until the server restarts.
	LessonKey []byte
	// HelloTimeout is how long a new socket may take to say hello before
	// it is closed.
	HelloTimeout time.Duration
	// MessageTimeout is how long one client message may take to arrive
	// once it has begun.
	MessageTimeout time.Duration
	// WriteTimeout is how long one message may take to send before the
	// client is dropped as too slow.
	WriteTimeout time.Duration
	// RoomGrace is how long a room lives on after its teacher's last
	// connection went (a reload, a laptop waking up) before it ends,
	// unless the teacher handed control to a student. With a relay it is
	// also how long a room whose replica vanished waits for its teacher to
	// reconnect to another replica.
	RoomGrace time.Duration
	// Limits bound everything a client can make the server hold.
	Limits Limits
	// Logger receives structured logs; nil means slog.Default().
	Logger *slog.Logger
	// Relay carries rooms across replicas (see docs/scaling.md); nil
	// means a LocalRelay: one replica, rooms in this process's memory.
	Relay Relay
}

// Limits bound what clients can make the server hold or do. Zero fields
// take the defaults of DefaultLimits.
type Limits struct {
	// MaxSessions bounds the sessions held at once (live or idle).
	MaxSessions int
	// MaxSessionsPerAddr bounds the sessions started from one client
	// address; past it that address's oldest unattached session is freed.
	// A lecture hall behind one campus NAT stays under it.
	MaxSessionsPerAddr int
	// MaxRooms bounds the classroom rooms open at once.
	MaxRooms int
	// MaxRoomsPerAddr bounds the rooms open at once whose teacher came
	// from one client address (a staff room behind one NAT opens several).
	MaxRoomsPerAddr int
	// MaxFollowers bounds the followers of one room.
	MaxFollowers int
	// MaxConnsPerAddr bounds the sockets open from one client address. A
	// lecture hall behind one campus NAT is normal, so it is generous.
	MaxConnsPerAddr int
	// CommandsPerSecond is the sustained command rate of one connection;
	// CommandBurst how many may arrive at once.
	CommandsPerSecond int
	CommandBurst      int
	// CommandShare is the share of one core a connection's commands may
	// keep busy on average: a command's token is worth
	// CommandShare/CommandsPerSecond seconds of the server's time (5 ms
	// at the defaults), and a command that took longer — a big render, a
	// room's fan-out, a long step — costs as many tokens as it used, so a
	// client that makes the server work hard is paced like one that sends
	// many commands.
	CommandShare float64
	// MaxStepsPerCommand bounds the instructions one command may run.
	MaxStepsPerCommand int64
	// MaxTicks bounds a session's history (replay cost of back/goto).
	MaxTicks uint64
	// ReplayTicksPerSecond is the replay budget of one client address:
	// restoring saved labs may run this many ticks a second on average,
	// after one full-size restore (MaxTicks) at once.
	ReplayTicksPerSecond int
	// MaxStateBytes bounds the encoded session state a client may send.
	MaxStateBytes int
	// MaxCommands bounds the commands in a restored session log.
	MaxCommands int
	// FrameRate is the most frames per second a playing session sends.
	FrameRate int
	// QueueLen is the bounded send queue of one connection; a client that
	// lets it fill is behind: further messages are let go and, once the
	// queue drains, one full frame of the latest state catches it up.
	QueueLen int
}

// DefaultLimits are the limits a zero Limits field takes.
var DefaultLimits = Limits{
	MaxSessions:          4000,
	MaxSessionsPerAddr:   1000,
	MaxRooms:             200,
	MaxRoomsPerAddr:      20,
	MaxFollowers:         300,
	MaxConnsPerAddr:      1000,
	CommandsPerSecond:    20,
	CommandBurst:         40,
	CommandShare:         0.1,
	MaxStepsPerCommand:   100_000,
	MaxTicks:             5_000_000,
	ReplayTicksPerSecond: 1_000_000,
	MaxStateBytes:        16 << 10,
	MaxCommands:          100_000,
	FrameRate:            30,
	QueueLen:             16,
}

// DefaultSessionIdle is how long an unconnected session is kept.
const DefaultSessionIdle = 10 * time.Minute

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	pick := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	pick(&l.MaxSessions, d.MaxSessions)
	pick(&l.MaxSessionsPerAddr, d.MaxSessionsPerAddr)
	pick(&l.MaxRooms, d.MaxRooms)
	pick(&l.MaxRoomsPerAddr, d.MaxRoomsPerAddr)
	pick(&l.MaxFollowers, d.MaxFollowers)
	pick(&l.MaxConnsPerAddr, d.MaxConnsPerAddr)
	pick(&l.CommandsPerSecond, d.CommandsPerSecond)
	pick(&l.CommandBurst, d.CommandBurst)
	pick(&l.ReplayTicksPerSecond, d.ReplayTicksPerSecond)
	pick(&l.MaxStateBytes, d.MaxStateBytes)
	pick(&l.MaxCommands, d.MaxCommands)
	pick(&l.FrameRate, d.FrameRate)
	pick(&l.QueueLen, d.QueueLen)
	if l.CommandShare <= 0 {
		l.CommandShare = d.CommandShare
	}
	if l.MaxStepsPerCommand == 0 {
		l.MaxStepsPerCommand = d.MaxStepsPerCommand
	}
	if l.MaxTicks == 0 {
		l.MaxTicks = d.MaxTicks
	}
	return l
}

// Defaults of the socket and room timers.
const (
	DefaultHelloTimeout   = 10 * time.Second
	DefaultMessageTimeout = 10 * time.Second
	DefaultWriteTimeout   = 5 * time.Second
	DefaultRoomGrace      = 2 * time.Minute
)

func (c Config) withDefaults() Config {
	if c.SessionIdle == 0 {
		c.SessionIdle = DefaultSessionIdle
	}
	if c.HelloTimeout == 0 {
		c.HelloTimeout = DefaultHelloTimeout
	}
	if c.MessageTimeout == 0 {
		c.MessageTimeout = DefaultMessageTimeout
	}
	if c.WriteTimeout == 0 {
		c.WriteTimeout = DefaultWriteTimeout
	}
	if c.RoomGrace == 0 {
		c.RoomGrace = DefaultRoomGrace
	}
	c.Limits = c.Limits.withDefaults()
	if c.Relay == nil {
		c.Relay = NewLocalRelay()
	}
	c.BasePath = strings.TrimRight(c.BasePath, "/")
	return c
}

// Validate reports every problem of a configuration at once.
func (c Config) Validate() error {
	var errs []error
	if c.BasePath != "" && (!strings.HasPrefix(c.BasePath, "/") || strings.ContainsAny(c.BasePath, "?#\"' <>")) {
		errs = append(errs, fmt.Errorf("base path %q: want a path like /procscope", c.BasePath))
	}
	if c.RoomGrace < 0 {
		errs = append(errs, fmt.Errorf("room grace %v: want a positive duration", c.RoomGrace))
	}
	if c.SessionIdle < 0 {
		errs = append(errs, fmt.Errorf("session idle time %v: want a positive duration", c.SessionIdle))
	}
	errs = append(errs, checkFrameAncestors(c.FrameAncestors)...)
	l := c.Limits
	for _, v := range []struct {
		name string
		n    int64
	}{
		{"max sessions", int64(l.MaxSessions)}, {"max sessions per addr", int64(l.MaxSessionsPerAddr)}, {"max rooms", int64(l.MaxRooms)},
		{"max followers", int64(l.MaxFollowers)}, {"max conns per addr", int64(l.MaxConnsPerAddr)},
		{"commands per second", int64(l.CommandsPerSecond)}, {"command burst", int64(l.CommandBurst)},
		{"max steps per command", l.MaxStepsPerCommand}, {"frame rate", int64(l.FrameRate)},
	} {
		if v.n < 0 {
			errs = append(errs, fmt.Errorf("%s %d: want a positive number", v.name, v.n))
		}
	}
	if l.FrameRate > 120 {
		errs = append(errs, fmt.Errorf("frame rate %d: want at most 120", l.FrameRate))
	}
	return errors.Join(errs...)
}

// ParseProxies parses a comma-separated list of addresses and CIDR prefixes
// ("10.0.0.0/8, 127.0.0.1") into prefixes.
func ParseProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	var errs []error
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			errs = append(errs, fmt.Errorf("trusted proxy %q: want an address or CIDR prefix", f))
			continue
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, errors.Join(errs...)
}
