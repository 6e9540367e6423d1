package templates

// ganttParts cuts the CPU chart into the parts a step changes apart, in
// the chart's order: per lane the closed slices and the switches of each
// interval of the time axis (a slice by the tick it starts at), the slice
// the window's start cuts (its start moves as the window slides), the
// slice running now (it grows on every step); then the cursor. A closed
// slice keeps its coordinates while the axis does not change
// (viewmodel.Timeline), so a step sends the running slices and the
// cursor, and a switch the interval it falls in.
func ganttParts(t *Catalog, tl Timeline) []Part {
	n := 1
	if tl.Step > 0 {
		n = int((tl.End - tl.Start) / tl.Step)
	}
	interval := func(tick uint64) int {
		if tl.Step == 0 || tick < tl.Start {
			return 0
		}
		return min(n-1, int((tick-tl.Start)/tl.Step))
	}
	var parts []Part
	piece := func(id string, i int, ss []Slice, sws []Switch) {
		parts = append(parts, Part{ID: id, Model: []any{i, ss, sws}, Component: ganttPiece(t, id, i, ss, sws)})
	}
	for i, lane := range tl.Lanes {
		ss := lane.Slices
		var head, running []Slice
		if k := len(ss) - 1; k >= 0 && ss[k].To == tl.To {
			running, ss = ss[k:], ss[:k]
		}
		if len(ss) > 0 && tl.From > 0 && ss[0].From == tl.From {
			head, ss = ss[:1], ss[1:]
		}
		slices, sws := make([][]Slice, n), make([][]Switch, n)
		for _, s := range ss {
			slices[interval(s.From)] = append(slices[interval(s.From)], s)
		}
		for _, sw := range tl.Switch {
			if sw.CPU == lane.CPU {
				sws[interval(sw.Tick)] = append(sws[interval(sw.Tick)], sw)
			}
		}
		id := "gantt-" + itoa(lane.CPU) + "-"
		for k := range n {
			piece(id+itoa(k), i, slices[k], sws[k])
		}
		piece(id+"head", i, head, nil)
		piece(id+"run", i, running, nil)
	}
	return append(parts, Part{ID: "gantt-now", Model: []any{tl.From, tl.To, tl.NowX, len(tl.Lanes)}, Component: ganttNow(tl)})
}

// cpusFragment is the CPU panel: what runs now, the chart's pieces, the
// costs' note and rows are parts; the shell is the chart's lanes and
// axis and which costs there are.
func cpusFragment(t *Catalog, lab Lab) Fragment {
	tl := lab.Timeline
	lanes := make([]int, len(tl.Lanes))
	for i, l := range tl.Lanes {
		lanes[i] = l.CPU
	}
	parts := []Part{{ID: "cpu-now", Model: lab.CPUs, Component: cpuNow(t, lab.CPUs)}}
	if len(tl.Lanes) > 0 {
		parts = append(parts, ganttParts(t, tl)...)
	}
	if len(lab.Overhead) > 0 {
		parts = append(parts, Part{ID: "costs-note", Model: lab.Clock, Component: costsNote(t, lab.Clock)})
	}
	for _, c := range lab.Overhead {
		parts = append(parts, Part{ID: "cost-" + c.Kind, Model: c, Component: costRow(t, c)})
	}
	return Fragment{ID: "cpus", Component: CPUs(t, lab), Model: []any{lanes, tl.Width, tl.Start, tl.End, tl.Step, tl.Ticks}, Parts: parts}
}
