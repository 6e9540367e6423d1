package sim

import "sort"

// A shared-memory segment (shm_open + mmap MAP_SHARED, or System V shm)
// is a page of frames the kernel keeps by key. Every process that maps it
// gets a "shared" region, wherever its own mmap area has room (so possibly
// at different virtual addresses), whose page table entries point at the
// segment's frames and are never copy-on-write: a write by one process is
// what the others read. fork keeps the mapping in the child. The segment
// holds one reference on its frames, so its data outlives its mappings.
type segment struct {
	id     int
	key    int64
	frames []int32
}

const (
	shmPages    = 1
	maxSegments = 64
)

// shmMap maps the segment with key into t's process (creating it on first
// use) and returns the address of its first byte.
func (m *Machine) shmMap(t *thread, key int64) (uint64, *Error) {
	if m.profile.Flat {
		return 0, errorf(ErrInvalid, "shm: the ostep profile has one flat space and no mmap area; use linux-x86_64")
	}
	seg := m.segs[key]
	if seg == nil {
		if len(m.segs) >= maxSegments {
			return 0, errorf(ErrLimit, "shm: %d segments exist (limit %d)", len(m.segs), maxSegments)
		}
		m.nextObj++
		seg = &segment{id: m.nextObj, key: key}
		for i := 0; i < shmPages; i++ {
			n, _, err := m.mem.alloc()
			if err != nil {
				for _, f := range seg.frames {
					m.mem.unref(f)
				}
				return 0, asError(err)
			}
			seg.frames = append(seg.frames, n)
		}
		m.segs[key] = seg
	}
	as := t.p.as
	start, err := m.mmapAlloc(as, shmPages*PageSize)
	if err != nil {
		return 0, err
	}
	as.regions = append(as.regions, Region{Kind: RegionShared, Start: start, End: start + shmPages*PageSize, Perm: PermRead | PermWrite, Segment: seg.id})
	sortRegions(as.regions)
	for i, f := range seg.frames {
		as.pt[start>>pageShift+uint64(i)] = pte{frame: f, flags: pteWrite | pteShared}
		m.mem.ref(f)
	}
	as.flushTLB()
	m.emit(Event{Kind: EvShm, Pid: t.p.pid, Tid: t.tid, Object: seg.id, Value: key, Addr: start, Start: start, End: start + shmPages*PageSize, Cost: m.cost.Syscall})
	return start, nil
}

// segmentRefs counts the frame references segments hold (for the
// invariant check and the frame view).
func (m *Machine) segmentRefs() map[int32]int32 {
	out := map[int32]int32{}
	for _, s := range m.segs {
		for _, f := range s.frames {
			out[f]++
		}
	}
	return out
}

// sortedSegments lists the segments in id order.
func (m *Machine) sortedSegments() []*segment {
	out := make([]*segment, 0, len(m.segs))
	for _, s := range m.segs {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}
