package server

import (
	"context"
	"net/netip"
	"time"

	"procscope/sim"
)

// Replay (restoring a saved lab from its command log) is the one thing a
// client can make the server compute without a command per instruction:
// a 112-byte save can ask for 5,000,000 ticks. So it is metered: its
// cost in ticks is charged to the client's address, which earns
// Limits.ReplayTicksPerSecond and may save up one full-size restore
// (MaxTicks); a restore past that waits for its budget (at most
// maxReplayWait, else it is refused with rate-limited), and at most one
// replay runs at a time, so whatever the clients send, restores use at
// most one core and a bystander's commands keep theirs.

// maxReplayWait bounds how long a restore waits for its address's budget.
const maxReplayWait = 5 * time.Second

// replayCost is the most ticks replaying log can run: a step its n, an
// until its bound, any other command one tick.
func replayCost(log []sim.Command, maxSteps int64) uint64 {
	var n uint64
	for _, c := range log {
		n += c.MaxTicks(maxSteps)
	}
	return n
}

// meterReplay charges a restore of cost ticks to addr, waiting (within
// ctx) until the address has earned it.
func (srv *Server) meterReplay(ctx context.Context, addr netip.Addr, cost uint64) error {
	if cost == 0 {
		return nil
	}
	lim := srv.cfg.Limits
	srv.mu.Lock()
	b := srv.replayBudget[addr]
	if b == nil {
		b = newBucket(lim.ReplayTicksPerSecond, int(lim.MaxTicks), srv.now())
		srv.replayBudget[addr] = b
	}
	wait, ok := b.reserve(srv.now(), float64(cost), float64(lim.ReplayTicksPerSecond)*maxReplayWait.Seconds())
	srv.mu.Unlock()
	srv.metrics.replayTicks.Add(float64(cost))
	if !ok {
		return errorf(CodeRateLimited, "replay of %d ticks over the address's budget", cost)
	}
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// replay applies a restored log to a fresh lab, one replay at a time on
// the whole server, giving way (pace.go) every paceSlice of work, inside
// a long step as between many short commands, so the goroutines of other
// sessions are not kept waiting behind it.
func (srv *Server) replay(ctx context.Context, l *sim.Lab, log []sim.Command) error {
	if len(log) == 0 {
		return nil
	}
	select {
	case srv.replaySem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-srv.replaySem }()
	p := paceLab(l)
	for _, c := range log {
		l.Apply(c)
		p.pace()
	}
	return nil
}
