package sim

// The heap follows glibc's malloc (checked against glibc 2.36 on this
// machine) without its per-thread arenas (left out on purpose: one heap
// per process, shared by all threads): chunks with a 16-byte header from
// heap start + 0x290 (so malloc(64) first returns heap start + 0x2a0).
// A request is served from a free chunk (first fit, split) or from the top
// chunk whenever they can hold it, whatever its size; only when the top
// is too small does the mmap threshold decide: a chunk of at least the
// threshold (128 KiB at first) gets its own mapping with the pointer 16
// bytes into it, a smaller one grows the break. Freeing a mapped chunk
// raises the threshold to its size (glibc's dynamic threshold), up to
// 32 MiB. What stays simplified is listed in docs/sim.md.

const (
	heapFirstChunk   = 0x290
	chunkHeader      = 16
	mmapThreshold    = 128 << 10 // DEFAULT_MMAP_THRESHOLD_MIN
	mmapThresholdMax = 32 << 20  // DEFAULT_MMAP_THRESHOLD_MAX on 64-bit
	heapTopPad       = 128 << 10
	minChunk         = 32 // MINSIZE: the top must keep room for a chunk header
)

type heap struct {
	start, brk uint64
	blocks     []HeapBlock // address order
	top        uint64      // first address after the last chunk
	// threshold is the mmap threshold (0: mmapThreshold), raised by
	// freeing a mapped chunk.
	threshold uint64
}

// HeapBlock is one malloc'd (or freed) chunk: Addr is the pointer malloc
// returned, Size the usable bytes.
type HeapBlock struct {
	Addr, Size uint64
	Free       bool
	Mmap       bool
}

func align16(n uint64) uint64 { return (n + 15) &^ 15 }

// requestChunk is glibc's request2size: the chunk a request of n bytes
// needs, the size the mmap threshold is compared with.
func requestChunk(n uint64) uint64 { return max(align16(n+8), minChunk) }

// mmapThresholdNow is the heap's current mmap threshold.
func (h *heap) mmapThresholdNow() uint64 {
	if h.threshold == 0 {
		return mmapThreshold
	}
	return h.threshold
}

// malloc allocates size bytes for thread t and returns the pointer.
func (m *Machine) malloc(t *thread, size int64) (uint64, *Error) {
	as := t.p.as
	if size <= 0 || size > 1<<40 {
		return 0, errorf(ErrInvalid, "malloc(%d): size must be between 1 and 1 TiB", size)
	}
	if m.profile.Flat {
		return 0, errorf(ErrInvalid, "the ostep profile has no heap; use the linux-x86_64 profile")
	}
	n := uint64(size)
	need := align16(max(n, 16))
	h := &as.heap
	for i, b := range h.blocks {
		if !b.Free || b.Mmap || b.Size < need {
			continue
		}
		if rest := b.Size - need; rest >= 32 {
			h.blocks[i].Size = need
			nb := HeapBlock{Addr: b.Addr + need + chunkHeader, Size: rest - chunkHeader, Free: true}
			h.blocks = append(h.blocks[:i+1], append([]HeapBlock{nb}, h.blocks[i+1:]...)...)
		}
		h.blocks[i].Free = false
		return m.finishMalloc(t, h.blocks[i])
	}
	if h.top == 0 {
		h.top = h.start + heapFirstChunk
	}
	chunk := h.top
	if chunk+chunkHeader+need+minChunk > h.brk { // the top chunk cannot hold it
		if requestChunk(n) >= h.mmapThresholdNow() {
			return m.mallocMmap(t, n)
		}
		if err := m.growBrk(as, chunk+chunkHeader+need+minChunk); err != nil {
			return 0, err
		}
	}
	b := HeapBlock{Addr: chunk + chunkHeader, Size: need}
	h.top = b.Addr + need
	h.blocks = append(h.blocks, b)
	return m.finishMalloc(t, b)
}

// finishMalloc writes the chunk header (touching the page, as glibc does)
// and reports the allocation.
func (m *Machine) finishMalloc(t *thread, b HeapBlock) (uint64, *Error) {
	if f := m.write(t, b.Addr-8, int64(b.Size+chunkHeader)|1); f == FaultKilled {
		return 0, nil // the OOM killer ended the process while malloc touched the page
	} else if f != FaultNone {
		return 0, errorf(ErrNoMemory, "malloc: %s at %#x", f, b.Addr-8)
	}
	where := "heap"
	if b.Mmap {
		where = "mmap"
	}
	m.emit(Event{Kind: EvMalloc, Pid: t.p.pid, Tid: t.tid, Addr: b.Addr, Start: b.Addr, End: b.Addr + b.Size, Value: int64(b.Size), Name: where, Cost: m.cost.Malloc})
	return b.Addr, nil
}

// growBrk moves the break up to cover at least end, plus glibc's top pad.
func (m *Machine) growBrk(as *addrSpace, end uint64) *Error {
	h := &as.heap
	nb := pageUp(end + heapTopPad)
	if nb >= as.mmapNext {
		return errorf(ErrNoMemory, "brk: the heap would run into the mmap area")
	}
	h.brk = nb
	for i := range as.regions {
		if as.regions[i].Kind == RegionHeap {
			as.regions[i].End = nb
		}
	}
	return nil
}

func (m *Machine) mallocMmap(t *thread, n uint64) (uint64, *Error) {
	as := t.p.as
	size := pageUp(requestChunk(n) + 8) // glibc's sysmalloc: the chunk plus one size field, in whole pages
	start, err := m.mmapAlloc(as, size)
	if err != nil {
		return 0, err
	}
	as.regions = append(as.regions, Region{Kind: RegionMmap, Start: start, End: start + size, Perm: PermRead | PermWrite})
	sortRegions(as.regions)
	b := HeapBlock{Addr: start + chunkHeader, Size: size - chunkHeader, Mmap: true}
	as.heap.blocks = append(as.heap.blocks, b)
	return m.finishMalloc(t, b)
}

// free releases the block at ptr.
func (m *Machine) free(t *thread, ptr uint64) *Error {
	as := t.p.as
	h := &as.heap
	for i, b := range h.blocks {
		if b.Addr != ptr {
			continue
		}
		if b.Free {
			return errorf(ErrInvalid, "free(%#x): double free (glibc would abort the process)", ptr)
		}
		m.emit(Event{Kind: EvFree, Pid: t.p.pid, Tid: t.tid, Addr: ptr, Start: b.Addr, End: b.Addr + b.Size, Value: int64(b.Size), Cost: m.cost.Free})
		if b.Mmap {
			start := b.Addr - chunkHeader
			end := start + b.Size + chunkHeader
			if size := end - start; size > h.mmapThresholdNow() && size <= mmapThresholdMax {
				h.threshold = size // glibc's dynamic threshold: such a size goes on the heap from now on
			}
			as.removeRegions(func(r Region) bool { return r.Kind == RegionMmap && r.Start == start })
			m.mmapFree(as, start, end)
			h.blocks = append(h.blocks[:i], h.blocks[i+1:]...)
			return nil
		}
		h.blocks[i].Free = true
		h.coalesce()
		return nil
	}
	return errorf(ErrInvalid, "free(%#x): not a pointer malloc returned (glibc would abort the process)", ptr)
}

// coalesce merges neighbouring free heap chunks and gives a free chunk at
// the top back to the top.
func (h *heap) coalesce() {
	out := h.blocks[:0]
	for _, b := range h.blocks {
		if n := len(out); n > 0 && b.Free && !b.Mmap && out[n-1].Free && !out[n-1].Mmap && out[n-1].Addr+out[n-1].Size+chunkHeader == b.Addr {
			out[n-1].Size += b.Size + chunkHeader
			continue
		}
		out = append(out, b)
	}
	h.blocks = out
	for n := len(h.blocks); n > 0; n = len(h.blocks) {
		last := h.blocks[n-1]
		if !last.Free || last.Mmap || last.Addr+last.Size != h.top {
			break
		}
		h.top = last.Addr - chunkHeader
		h.blocks = h.blocks[:n-1]
	}
}
