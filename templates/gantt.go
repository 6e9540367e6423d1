package templates

import (
	"math"
	"slices"

	"github.com/a-h/templ"
)

// ganttParts cuts the CPU chart into the parts a step changes apart, in
// the chart's order: per lane the closed slices of each interval of the
// time axis (a slice by the tick it starts at), the slice the window's
// start cuts (its start moves as the window slides), the slice running
// now (it grows on every step), then the switches of each interval,
// drawn over the slices; then the cursor. A closed slice keeps its
// coordinates while the axis does not change (viewmodel.Timeline), so a
// step sends the running slices and the cursor, and a switch the slice
// it closed and the switch itself, appended to their intervals (Part.Tail):
// an interval, re-sent whole, was most of a step's frame once a lab had
// switched often. Slices and switches are apart so that appending keeps
// every switch above every slice, as a whole render draws them.
//
// An interval's closed slices and switches are kept while the axis holds
// and the interval's first and last are as they were (Kept): a closed
// slice is never drawn otherwise within one history.
func ganttParts(parts []Part, t *Catalog, tl Timeline, k *Kept) []Part {
	n := ganttIntervals(tl)
	interval := func(tick uint64) int {
		if tl.Step == 0 || tick < tl.Start {
			return 0
		}
		return min(n-1, int((tick-tl.Start)/tl.Step))
	}
	axis := mixIn(mixIn(mixIn(tl.Start, tl.End), tl.Step), math.Float64bits(tl.Width))
	for i, lane := range tl.Lanes {
		ss := lane.Slices
		var head, running []Slice
		if k := len(ss) - 1; k >= 0 && ss[k].To == tl.To {
			running, ss = ss[k:], ss[:k]
		}
		if len(ss) > 0 && tl.From > 0 && ss[0].From == tl.From {
			head, ss = ss[:1], ss[1:]
		}
		sws := tl.Switch
		if len(tl.Lanes) > 1 {
			sws = slices.DeleteFunc(slices.Clone(sws), func(sw Switch) bool { return sw.CPU != lane.CPU })
		}
		// slices and switches are in time order: an interval's are a run
		// of them, cut without copying
		sliceAt := byInterval(n, ss, func(s Slice) int { return interval(s.From) })
		switchAt := byInterval(n, sws, func(sw Switch) int { return interval(sw.Tick) })
		id := "gantt-" + itoa(lane.CPU) + "-"
		laneAxis := mixIn(axis, uint64(lane.CPU))
		for j := range n {
			ss := sliceAt[j]
			source := mixIn(laneAxis, uint64(len(ss)))
			if len(ss) > 0 {
				source = mixIn(mixIn(mixIn(source, ss[0].From), ss[len(ss)-1].From), ss[len(ss)-1].To)
			}
			parts = k.group(parts, gid(inCPUs, i*ganttMaxIntervals+j, groupSlices), source, func(ps []Part) []Part {
				return append(ps, sliceList(id+itoa(j), i, ss))
			})
		}
		parts = append(parts, sliceList(id+"head", i, head), sliceList(id+"run", i, running))
		for j := range n {
			sws := switchAt[j]
			source := mixIn(laneAxis, uint64(len(sws)))
			if len(sws) > 0 {
				source = mixIn(mixIn(source, sws[0].Tick), sws[len(sws)-1].Tick)
			}
			parts = k.group(parts, gid(inCPUs, i*ganttMaxIntervals+j, groupSwitches), source, func(ps []Part) []Part {
				return append(ps, switchList(t, id+itoa(j)+"-sw", i, sws))
			})
		}
	}
	return append(parts, known(Part{ID: "gantt-now", Component: ganttNowWriter(&tl)}, mixIn(mixIn(mixIn(tl.From, tl.To), math.Float64bits(tl.NowX)), uint64(len(tl.Lanes)))))
}

// ganttMaxIntervals bounds the intervals of the time axis a group's id
// counts on (viewmodel's timeline makes a handful).
const ganttMaxIntervals = 1 << 12

// ganttIntervals is how many intervals the time axis has.
func ganttIntervals(tl Timeline) int {
	if tl.Step > 0 {
		return int((tl.End - tl.Start) / tl.Step)
	}
	return 1
}

// byInterval cuts xs, in time order, into the n runs that fall in each
// interval of the axis (of(x) says which).
func byInterval[X any](n int, xs []X, of func(X) int) [][]X {
	out := make([][]X, n)
	for start := 0; start < len(xs); {
		k := of(xs[start])
		end := start + 1
		for end < len(xs) && of(xs[end]) == k {
			end++
		}
		if out[k] == nil {
			out[k] = xs[start:end:end] // no room: an append below copies
		} else { // out of time order, which the timeline is not
			out[k] = append(out[k], xs[start:end]...)
		}
		start = end
	}
	return out
}

// sliceList is a part of lane i's slices that grows at its end. Its model
// is the slices alone: the lane's index is the shell's (its lanes).
func sliceList(id string, i int, ss []Slice) Part {
	return Part{ID: id, Model: ss, Component: ganttSlicesWriter(id, i, ss),
		Tail: func(from int) templ.Component { return ganttSlicesWriter("", i, ss[from:]) }}
}

// switchList is a part of lane i's switches that grows at its end.
func switchList(t *Catalog, id string, i int, sws []Switch) Part {
	return Part{ID: id, Model: sws, Component: lazy(func() templ.Component { return ganttSwitches(t, id, i, sws) }),
		Tail: func(from int) templ.Component { return ganttSwitchItems(t, i, sws[from:]) }}
}

// cpusFragment is the CPU panel: what runs now, the chart's pieces, the
// costs' note and rows are parts; the shell is the chart's lanes and
// axis and which costs there are.
func cpusFragment(t *Catalog, lab *Lab, k *Kept) Fragment {
	tl := lab.Timeline
	parts := k.list("cpus", 3+len(tl.Lanes)*(2*ganttIntervals(tl)+2)+len(lab.Overhead))
	parts = append(parts, Part{ID: "cpu-now", Model: lab.CPUs, Component: cpuNow(t, lab.CPUs)})
	if len(tl.Lanes) > 0 {
		parts = ganttParts(parts, t, tl, k)
	}
	if len(lab.Overhead) > 0 {
		parts = append(parts, known(Part{ID: "costs-note", Component: costsNote(t, lab.Clock)}, strKey(lab.Clock)))
	}
	for i := range lab.Overhead {
		c := &lab.Overhead[i]
		parts = k.group(parts, gid(inCPUs, i, groupCost), costSource(k, c), func(ps []Part) []Part {
			return append(ps, Part{ID: "cost-" + c.Kind, Model: *c, Component: costRowWriter(t, c)})
		})
	}
	f := Fragment{ID: "cpus", Component: k.component(madeCPUs, func() templ.Component { return lazy(func() templ.Component { return CPUs(t, *lab) }) }), Parts: parts}
	// the axis's ticks are a function of its start, end, step and width
	source := mixIn(mixIn(mixIn(mixIn(tl.Start, tl.End), tl.Step), math.Float64bits(tl.Width)), uint64(len(tl.Lanes)))
	for _, l := range tl.Lanes {
		source = mixIn(source, uint64(l.CPU))
	}
	k.model(&f, source, func() any {
		lanes := make([]int, len(tl.Lanes))
		for i, l := range tl.Lanes {
			lanes[i] = l.CPU
		}
		return []any{lanes, tl.Width, tl.Start, tl.End, tl.Step, tl.Ticks}
	})
	return f
}
