package server

import (
	"net/netip"
	"time"
)

// bucket is a token bucket: rate tokens per second, at most burst saved.
// It reads the server's clock, so tests move time by hand.
type bucket struct {
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
}

func newBucket(rate, burst int, now time.Time) *bucket {
	return &bucket{rate: float64(rate), burst: float64(burst), tokens: float64(burst), last: now}
}

// allow takes one token if there is one.
func (b *bucket) allow(now time.Time) bool {
	if d := now.Sub(b.last); d > 0 {
		b.tokens = min(b.burst, b.tokens+d.Seconds()*b.rate)
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// reserve takes n tokens, letting the bucket run into debt down to
// -maxDebt, and says how long the caller should wait for the debt to be
// paid (0 if there were tokens). Past maxDebt it takes nothing and says
// no.
func (b *bucket) reserve(now time.Time, n, maxDebt float64) (time.Duration, bool) {
	b.tokens = b.available(now)
	if now.After(b.last) {
		b.last = now
	}
	if b.tokens-n < -maxDebt {
		return 0, false
	}
	b.tokens -= n
	if b.tokens >= 0 {
		return 0, true
	}
	return time.Duration(-b.tokens / b.rate * float64(time.Second)), true
}

// owe takes n tokens whatever the bucket holds, its debt capped at
// maxDebt, and says how long the caller should wait for the debt.
func (b *bucket) owe(now time.Time, n, maxDebt float64) time.Duration {
	b.tokens = max(b.available(now)-n, -maxDebt)
	if now.After(b.last) {
		b.last = now
	}
	if b.tokens >= 0 {
		return 0
	}
	return time.Duration(-b.tokens / b.rate * float64(time.Second))
}

// available is how many tokens the bucket holds at now.
func (b *bucket) available(now time.Time) float64 {
	if d := now.Sub(b.last); d > 0 {
		return min(b.burst, b.tokens+d.Seconds()*b.rate)
	}
	return b.tokens
}

// full says the bucket has refilled: nothing it remembers matters.
func (b *bucket) full(now time.Time) bool { return b.available(now) >= b.burst }

// addrCount counts open sockets per client address. The addresses live
// only in memory, only while a socket is open (see docs/privacy.md).
type addrCount map[netip.Addr]int

func (a addrCount) add(addr netip.Addr, limit int) bool {
	if a[addr] >= limit {
		return false
	}
	a[addr]++
	return true
}

func (a addrCount) remove(addr netip.Addr) {
	if a[addr] <= 1 {
		delete(a, addr)
		return
	}
	a[addr]--
}
