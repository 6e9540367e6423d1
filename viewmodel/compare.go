package viewmodel

import (
	"fmt"
	"strconv"
	"sync"

	"procscope/sim"
)

// compareWorkers and compareWork are the experiment the page shows: four
// workers sharing 1,000 loop iterations, with the default costs.
const (
	compareWorkers = 4
	compareWork    = 1000
)

// Compare is sim.CompareThreadsProcesses for the page, computed once:
// the experiment is pure, so every page shows the same numbers.
var Compare = sync.OnceValue(func() Comparison {
	c, err := sim.CompareThreadsProcesses(compareWorkers, compareWork, sim.Config{})
	if err != nil {
		return Comparison{Workers: compareWorkers, Err: err.Error()}
	}
	return ComparisonView(c)
})

func ComparisonView(c sim.Comparison) Comparison {
	th, pr := c.Threads, c.Processes
	row := func(kind string, t, p uint64, ts, ps string) CompareRow {
		most := float64(max(t, p, 1))
		return CompareRow{Kind: kind, Threads: ts, Processes: ps, TW: 100 * float64(t) / most, PW: 100 * float64(p) / most}
	}
	ns := func(kind string, t, p uint64) CompareRow { return row(kind, t, p, Nanos(t), Nanos(p)) }
	mem := func(s sim.Side) string { return fmt.Sprintf("%d + %d", s.Frames, s.PTEs) }
	v := Comparison{Workers: th.Workers, Rows: []CompareRow{
		ns("creation", th.Creation, pr.Creation),
		ns("switching", th.Switching, pr.Switching),
		ns("communication", th.Communication, pr.Communication),
		row("memory", uint64(th.Frames+th.PTEs), uint64(pr.Frames+pr.PTEs), mem(th), mem(pr)),
		ns("total", th.Total, pr.Total),
	}}
	create, switching, message, total := c.Ratios()
	for _, r := range []struct {
		kind string
		v    float64
	}{{"create", create}, {"switch", switching}, {"message", message}, {"total", total}} {
		v.Ratios = append(v.Ratios, Ratio{Kind: r.kind, Value: FormatRatio(r.v), Above1: r.v > 1})
	}
	return v
}

// FormatRatio prints a ratio as "7.2×" ("1.16×" below 2, where the digits matter).
func FormatRatio(f float64) string {
	if f < 2 {
		return strconv.FormatFloat(f, 'f', 2, 64) + "×"
	}
	return strconv.FormatFloat(f, 'f', 1, 64) + "×"
}
