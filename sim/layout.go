package sim

import (
	"fmt"
	"sort"
)

// PageSize is the size of one virtual page and one physical frame, as on
// x86-64 Linux.
const PageSize = 4096

const pageShift = 12

// RegionKind names what a region of an address space holds.
type RegionKind string

// The region kinds of an address space, in the vocabulary of the seed note.
const (
	RegionText   RegionKind = "text"
	RegionRodata RegionKind = "rodata"
	RegionData   RegionKind = "data"
	RegionBSS    RegionKind = "bss"
	RegionHeap   RegionKind = "heap"
	RegionMmap   RegionKind = "mmap"
	RegionShared RegionKind = "shared"
	RegionStack  RegionKind = "stack"
	RegionGuard  RegionKind = "guard"
)

// Perm is a region's access permissions.
type Perm uint8

// Permission bits.
const (
	PermRead Perm = 1 << iota
	PermWrite
	PermExec
)

// String renders the permissions the way /proc/PID/maps does: "r-x", "rw-".
func (p Perm) String() string {
	b := []byte("---")
	if p&PermRead != 0 {
		b[0] = 'r'
	}
	if p&PermWrite != 0 {
		b[1] = 'w'
	}
	if p&PermExec != 0 {
		b[2] = 'x'
	}
	return string(b)
}

// Region is a contiguous range [Start, End) of virtual addresses with one
// kind and one set of permissions.
type Region struct {
	Kind  RegionKind
	Start uint64
	End   uint64
	Perm  Perm
	// Owner is the tid whose stack (or guard page) this is; 0 for regions
	// that all threads of the process share.
	Owner int
	// Segment is the shared-memory segment a shared region maps (0: none).
	Segment int
}

// Size is the region's length in bytes.
func (r Region) Size() uint64 { return r.End - r.Start }

// Contains reports whether addr lies inside the region.
func (r Region) Contains(addr uint64) bool { return addr >= r.Start && addr < r.End }

// Profile describes where a process's regions are placed and how big a
// machine word is.
type Profile struct {
	Name string
	// Flat profiles (ostep) have one permission-less space of MemSize
	// addresses: no faults inside it, no guard pages.
	Flat bool
	// WordSize is how far push, pop, call and ret move sp.
	WordSize int64
	// InstrShift: instruction i lives at CodeBase + i<<InstrShift.
	InstrShift uint
	// ImageBase is where the executable image (ELF headers) starts.
	ImageBase uint64
	// StackTop is the end of the main thread's stack.
	StackTop uint64
	// MmapTop is where the mmap area (thread stacks, big mallocs) starts
	// growing down from: just below the shared libraries.
	MmapTop uint64
	// HeapSize is the initial size of the heap (the break's first extent).
	HeapSize uint64
	// VarBase and VarStep place ostep .var variables.
	VarBase, VarStep uint64
	// StackStride separates ostep thread stacks.
	StackStride uint64
}

// LinuxX8664 is the layout a PIE build shows under Linux x86-64 with ASLR off
// (see shared/facts/linux-x86_64.md): image at 0x555555554000, main stack
// ending at 0x7ffffffff000, a 132 KiB initial heap, the mmap area below the
// shared libraries at 0x7ffff7dd5000.
var LinuxX8664 = Profile{
	Name:       "linux-x86_64",
	WordSize:   8,
	InstrShift: 2,
	ImageBase:  0x555555554000,
	StackTop:   0x7ffffffff000,
	MmapTop:    0x7ffff7dd5000,
	HeapSize:   132 << 10,
}

// OSTEP is the flat space of OSTEP's x86.py: code at the load address (1000),
// one address per instruction, .var variables from 100 in steps of 4, thread
// stacks from memsize*1000 down by 1000.
var OSTEP = Profile{
	Name:        "ostep",
	Flat:        true,
	WordSize:    4,
	VarBase:     100,
	VarStep:     4,
	StackStride: 1000,
}

// Profiles lists the layout profiles by name.
var Profiles = map[string]Profile{
	LinuxX8664.Name: LinuxX8664,
	OSTEP.Name:      OSTEP,
}

// ProfileByName returns the named layout profile.
func ProfileByName(name string) (Profile, error) {
	p, ok := Profiles[name]
	if !ok {
		return Profile{}, fmt.Errorf("unknown layout profile %q: %w", name, ErrBadConfig)
	}
	return p, nil
}

func pageUp(n uint64) uint64 { return (n + PageSize - 1) &^ (PageSize - 1) }

// image is a program placed in an address space: its regions, code base and
// variable addresses.
type image struct {
	regions  []Region
	codeBase uint64
	heap     uint64 // start of the heap (linux)
	vars     []GlobalState
}

// place lays out prog for one process. Linux: ELF header page, text, rodata,
// a RELRO page, then .data and .bss as ld lays them out: .bss starts right
// after .data, in the same page when it fits, and spills into anonymous
// pages; the heap starts at the page after .bss (brk's start with ASLR
// off). ostep: code at loadAddr, vars from 100.
func (m *Machine) place(prog *Program) image {
	if m.profile.Flat {
		return m.placeFlat(prog)
	}
	p := m.profile
	var im image
	text := p.ImageBase + PageSize
	textEnd := text + pageUp(uint64(len(prog.Instrs))<<p.InstrShift)
	im.codeBase = text
	im.regions = append(im.regions, Region{Kind: RegionText, Start: text, End: textEnd, Perm: PermRead | PermExec})
	rodataEnd := im.placeVars(prog, "rodata", textEnd)
	rodataEnd = textEnd + max(pageUp(rodataEnd-textEnd), PageSize)
	im.regions = append(im.regions, Region{Kind: RegionRodata, Start: textEnd, End: rodataEnd, Perm: PermRead})
	data := rodataEnd + PageSize // after the RELRO page
	bss := im.placeVars(prog, "data", data)
	end := im.placeVars(prog, "bss", bss)
	im.heap = max(pageUp(end), data+PageSize)
	rw := PermRead | PermWrite
	switch {
	case bss == end: // no .bss: .data fills its pages (one page with no globals)
		im.regions = append(im.regions, Region{Kind: RegionData, Start: data, End: im.heap, Perm: rw})
	default:
		if bss > data {
			im.regions = append(im.regions, Region{Kind: RegionData, Start: data, End: bss, Perm: rw})
		}
		im.regions = append(im.regions, Region{Kind: RegionBSS, Start: bss, End: im.heap, Perm: rw})
	}
	return im
}

// placeVars gives the globals of one section ("rodata", "data", "bss";
// x86.py's .var counts as bss) 8-byte-aligned addresses from at, spaced by
// their C sizes, and returns where the section ends.
func (im *image) placeVars(prog *Program, section string, at uint64) uint64 {
	for _, v := range prog.Vars {
		sec := v.Section
		if sec == "var" {
			sec = "bss"
		}
		if sec != section {
			continue
		}
		size := uint64(max(v.Size, 1))
		if v.Section == "var" {
			size *= 8
		}
		im.vars = append(im.vars, GlobalState{Name: v.Name, Section: section, Addr: at, Size: size})
		at += (size + 7) &^ 7
	}
	return at
}

func (m *Machine) placeFlat(prog *Program) image {
	p := m.profile
	var im image
	im.codeBase = m.loadAddr
	at := p.VarBase
	for _, v := range prog.Vars {
		n := uint64(max(v.Size, 1))
		if v.Section != "var" {
			n = (n + 7) / 8 // C sizes become words in the flat space
		}
		im.vars = append(im.vars, GlobalState{Name: v.Name, Section: v.Section, Addr: at, Size: n * p.VarStep})
		at += n * p.VarStep
	}
	if at > p.VarBase {
		im.regions = append(im.regions, Region{Kind: RegionData, Start: p.VarBase, End: at, Perm: PermRead | PermWrite})
	}
	end := m.loadAddr + uint64(len(prog.Instrs))
	im.regions = append(im.regions, Region{Kind: RegionText, Start: m.loadAddr, End: end, Perm: PermRead | PermWrite | PermExec})
	return im
}

// sortRegions keeps an address space's regions in address order.
func sortRegions(rs []Region) {
	sort.Slice(rs, func(i, j int) bool { return rs[i].Start < rs[j].Start })
}
