package viewmodel

import (
	"slices"
	"strconv"
	"strings"
)

// NewAxis puts every user process's map on one address axis: the
// boundaries of all their regions cut the address space into bands, and
// each process's region spans the bands it covers. So one virtual address
// is at the same height in every column, and a gap is broken the same way
// in all of them. init (drawn compactly elsewhere) and reaped processes
// have no column.
func NewAxis(procs []Process) Axis {
	var ax Axis
	for _, p := range procs {
		if !p.System && p.State != "reaped" {
			ax.Procs = append(ax.Procs, p)
		}
	}
	if len(ax.Procs) == 0 {
		return ax
	}
	bounds := axisBounds(ax.Procs)
	// cover[c][b] is the index in column c's Map of the row that covers
	// band b (bounds[b+1] up to bounds[b]), or -1.
	nb := len(bounds) - 1
	cover := make([][]int, len(ax.Procs))
	for c, p := range ax.Procs {
		cover[c] = make([]int, nb)
		for b := range nb {
			cover[c][b] = rowCovering(p.Map, bounds[b+1], bounds[b])
		}
	}
	gap := func(b int) bool {
		for c := range cover {
			if cover[c][b] >= 0 {
				return false
			}
		}
		return true
	}
	for b := range nb {
		lo := strconv.FormatUint(bounds[b+1], 16)
		if gap(b) {
			ax.Rows = append(ax.Rows, AxisRow{Lo: lo, Gap: true, GapSize: HumanSize(bounds[b] - bounds[b+1]),
				NonCanonical: bounds[b+1] >= userEnd && bounds[b] <= kernelStart})
			continue
		}
		row := AxisRow{Lo: lo}
		for c, p := range ax.Procs {
			i := cover[c][b]
			if b > 0 && !gap(b-1) && cover[c][b-1] == i {
				continue // the cell above spans this band too
			}
			span := 1
			for b+span < nb && !gap(b+span) && cover[c][b+span] == i {
				span++
			}
			cell := AxisCell{Pid: p.Pid, Span: span}
			if i < 0 {
				cell.Empty, cell.Size = true, HumanSize(bounds[b]-bounds[b+span])
			} else {
				cell.Row = p.Map[i]
			}
			row.Cells = append(row.Cells, cell)
		}
		ax.Rows = append(ax.Rows, row)
	}
	return ax
}

// userEnd and kernelStart bound the non-canonical hole of x86-64: no
// address between them can ever be mapped.
const (
	userEnd     = 0x0000800000000000
	kernelStart = 0xffff800000000000
)

// axisBounds is every region boundary of the processes, high first.
func axisBounds(procs []Process) []uint64 {
	var bs []uint64
	for _, p := range procs {
		for _, r := range p.Map {
			if !r.Gap {
				bs = append(bs, addr(r.Start), addr(r.End))
			}
			if r.Kind == "kernel" {
				bs = append(bs, userEnd) // where the non-canonical hole begins
			}
		}
	}
	slices.Sort(bs)
	bs = slices.Compact(bs)
	slices.Reverse(bs)
	return bs
}

// rowCovering is the index of the map row that covers [lo, hi), or -1.
func rowCovering(rows []MapRow, lo, hi uint64) int {
	for i, r := range rows {
		if !r.Gap && addr(r.Start) <= lo && hi <= addr(r.End) {
			return i
		}
	}
	return -1
}

// addr reads an address the view printed ("0x7ffff000"); anything else
// reads as 0.
func addr(s string) uint64 {
	n, _ := strconv.ParseUint(strings.TrimPrefix(s, "0x"), 16, 64)
	return n
}

// HumanSize prints a byte count as a memory map labels it: "4 KiB",
// "16.0 EiB".
func HumanSize(n uint64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	f := float64(n)
	i := 0
	for f >= 1024 && i < len(units)-1 {
		f /= 1024
		i++
	}
	if f == float64(uint64(f)) {
		return strconv.FormatUint(uint64(f), 10) + " " + units[i]
	}
	return strconv.FormatFloat(f, 'f', 1, 64) + " " + units[i]
}
