package main

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"encoding/json"
	"time"

	"procscope/sim"
)

// A hostile client (-hostile N) does everything one client may do to make
// the server work for it and hold memory: it restores the most expensive
// saved lab the server accepts, then floods the longest steps it may ask
// for and never reads a frame, so its socket stalls. When the server cuts
// it, it comes back and starts again. The bystanders' latencies, reported
// as usual, show what it costs them.

// hostileSource is the hostile clients' source address: not a bystander's.
const hostileSource = 250

// hostileSave is a saved lab of maxSteps-long steps up to maxTicks: a
// hundred bytes that ask for the whole replay budget.
func hostileSave(maxSteps, maxTicks int64) string {
	js, _ := json.Marshal(map[string]any{
		"v": 2, "model": sim.ModelVersion, "seed": 1, "program": loadSpin,
		"log": []string{itoa64(maxTicks/maxSteps) + "*step " + itoa64(maxSteps)},
	})
	var buf bytes.Buffer
	zw, _ := flate.NewWriter(&buf, flate.BestCompression)
	zw.Write(js)
	zw.Close()
	return base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

// hostileBreath parks the hostile client between two messages of its
// flood. A real one runs on a machine of its own; this one shares the
// load tool's process, and a goroutine that writes without ever parking
// keeps the tool's core (and its network poller) from the bystanders'
// readers for Go's ~10 ms slices, which the report would then count as
// the server's latency. Parked, it still sends hundreds of messages a
// second, many times what the server accepts.
func hostileBreath() { time.Sleep(100 * time.Microsecond) }

func itoa64(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// hostile runs one hostile client until ctx ends and returns how many
// times it connected.
func (f *fleet) hostile(ctx context.Context) int {
	save := hostileSave(100_000, 5_000_000)
	n := 0
	for ctx.Err() == nil {
		ws, err := f.dial(ctx, -1)
		if err != nil {
			select {
			case <-time.After(100 * time.Millisecond):
			case <-ctx.Done():
			}
			continue
		}
		n++
		c := &loadClient{f: f, ws: ws}
		if c.send(ctx, map[string]any{"op": "hello", "protocol": 1, "save": save}) == nil {
			for ctx.Err() == nil && c.send(ctx, map[string]any{"op": "step", "n": 100_000}) == nil {
				hostileBreath()
			}
		}
		ws.CloseNow()
	}
	return n
}
