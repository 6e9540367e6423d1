package templates

// axisSources are the sources of the address axis's rows and cells, by
// their index on the axis (addressSpaces's n): each a hash of all its
// part reads that its process's layout decides — a row's band and
// columns, a cell's process, span and region but for the markers,
// values and stack frames inside it (they move with the process's
// version, and whether it has stack frames with a call). So a fault
// that maps one page lists that page's cell again, not every row and
// cell of the axis: a cell whose source is as it was is kept.
func axisSources(ax *Axis, cols string, into []uint64) []uint64 {
	into = into[:0]
	for i := range ax.Rows {
		r := &ax.Rows[i]
		h := mixIn(mixIn(strKey(r.Lo), strKey(cols)), strKey(r.GapSize))
		into = append(into, mixIn(h, b2u(r.Gap)|2*b2u(r.NonCanonical)))
		for j := range r.Cells {
			into = append(into, cellSource(r, &r.Cells[j]))
		}
	}
	return into
}

// cellSource is the source of cell c of row r: every field of the cell
// and its region but the ones inside it (TestCellSourceCoversTheCell
// fails on a field it leaves out), and the row's band (an unmapped
// stretch's id).
func cellSource(r *AxisRow, c *AxisCell) uint64 {
	h := mixIn(mixIn(strKey(r.Lo), uint64(c.Pid)), uint64(c.Span))
	h = mixIn(mixIn(h, b2u(c.Empty)), strKey(c.Size))
	m := &c.Row
	h = mixIn(h, b2u(m.Gap)|2*b2u(m.NonCanonical)|4*b2u(len(m.Globals) > 0))
	for _, s := range [...]string{m.GapSize, m.Kind, m.Start, m.End, m.Size, m.Perm} {
		h = mixIn(h, strKey(s))
	}
	for _, n := range [...]int{m.Owner, m.OwnerColor, m.Pages, m.CowPages, m.Segment, len(m.Heap), len(m.SegFrames), len(m.Mapped)} {
		h = mixIn(h, uint64(n))
	}
	h = mixIn(h, uint64(m.SegmentKey))
	for _, b := range m.Heap {
		h = mixIn(mixIn(mixIn(h, strKey(b.Addr)), strKey(b.Size)), b2u(b.Free))
	}
	for _, f := range m.SegFrames {
		h = mixIn(h, uint64(f))
	}
	for _, p := range m.Mapped {
		h = mixIn(mixIn(mixIn(h, strKey(p.VPage)), uint64(p.Frame)), b2u(p.Cow))
	}
	return h
}
