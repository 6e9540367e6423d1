package sim

import "fmt"

// A frame holds the values of one page: one int64 per address, as x86.py
// keeps one integer per address. Values live in 64-word chunks allocated on
// first write, so an untouched part of a page costs nothing and a touched
// stack page costs a few hundred bytes of Go heap, not 32 KiB.
const (
	chunkWords = 64
	chunkShift = 6
	numChunks  = PageSize / chunkWords
)

type chunk [chunkWords]int64

type frame struct {
	refs   int32
	chunks [numChunks]*chunk
}

func (f *frame) get(off uint64) int64 {
	c := f.chunks[off>>chunkShift]
	if c == nil {
		return 0
	}
	return c[off&(chunkWords-1)]
}

func (f *frame) set(off uint64, v int64) {
	c := f.chunks[off>>chunkShift]
	if c == nil {
		if v == 0 {
			return
		}
		c = new(chunk)
		f.chunks[off>>chunkShift] = c
	}
	c[off&(chunkWords-1)] = v
}

// copyFrom makes f hold the same values as src (a copy-on-write copy).
func (f *frame) copyFrom(src *frame) {
	for i, c := range src.chunks {
		if c != nil {
			cp := *c
			f.chunks[i] = &cp
		}
	}
}

// frames is the machine's physical memory: numbered frames with reference
// counts (the number of page table entries that map each one).
type frames struct {
	all  []*frame // nil: free
	free []int32  // free numbers, reused last-freed first
	used int
	max  int
}

// alloc takes a free frame with one reference.
func (fs *frames) alloc() (int32, *frame, error) {
	if fs.used >= fs.max {
		return 0, nil, fmt.Errorf("all %d frames in use: %w", fs.max, ErrNoMemory)
	}
	f := &frame{refs: 1}
	fs.used++
	if n := len(fs.free); n > 0 {
		i := fs.free[n-1]
		fs.free = fs.free[:n-1]
		fs.all[i] = f
		return i, f, nil
	}
	fs.all = append(fs.all, f)
	return int32(len(fs.all) - 1), f, nil
}

func (fs *frames) ref(i int32) { fs.all[i].refs++ }

// unref drops one reference and frees the frame when none is left.
func (fs *frames) unref(i int32) {
	f := fs.all[i]
	f.refs--
	if f.refs == 0 {
		fs.all[i] = nil
		fs.free = append(fs.free, i)
		fs.used--
	}
}

// clone deep-copies the physical memory (for Machine.Clone).
func (fs *frames) clone() frames {
	out := frames{all: make([]*frame, len(fs.all)), free: append([]int32(nil), fs.free...), used: fs.used, max: fs.max}
	for i, f := range fs.all {
		if f != nil {
			nf := &frame{refs: f.refs}
			nf.copyFrom(f)
			out.all[i] = nf
		}
	}
	return out
}
