package sim

import "fmt"

// PageSize is the size of one virtual page and one physical frame, as on
// x86-64 Linux.
const PageSize = 4096

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
}

// Size is the region's length in bytes.
func (r Region) Size() uint64 { return r.End - r.Start }

// Contains reports whether addr lies inside the region.
func (r Region) Contains(addr uint64) bool { return addr >= r.Start && addr < r.End }

// Profile describes where a process's regions are placed.
type Profile struct {
	Name string
	// ImageBase is where the executable image (ELF headers) starts.
	ImageBase uint64
	// StackTop is the end of the main thread's stack.
	StackTop uint64
	// MainStackSize is how much of the main stack is mapped at start.
	MainStackSize uint64
	// HeapSize is the initial size of the heap (the break's first extent).
	HeapSize uint64
}

// LinuxX8664 is the layout a PIE build shows under Linux x86-64 with ASLR off
// (see shared/facts/linux-x86_64.md): image at 0x555555554000, main stack
// ending at 0x7ffffffff000 with 132 KiB mapped, a 132 KiB initial heap.
var LinuxX8664 = Profile{
	Name:          "linux-x86_64",
	ImageBase:     0x555555554000,
	StackTop:      0x7ffffffff000,
	MainStackSize: 132 << 10,
	HeapSize:      132 << 10,
}

// Profiles lists the layout profiles by name.
var Profiles = map[string]Profile{
	LinuxX8664.Name: LinuxX8664,
}

// ProfileByName returns the named layout profile.
func ProfileByName(name string) (Profile, error) {
	p, ok := Profiles[name]
	if !ok {
		return Profile{}, fmt.Errorf("unknown layout profile %q", name)
	}
	return p, nil
}

// initialRegions lays out a fresh process image: one page each of text,
// rodata and data, a page of bss right after data, then the heap, and the
// main thread's stack at the top of user space.
func (p Profile) initialRegions(mainTid int) []Region {
	text := p.ImageBase + PageSize // the ELF headers take the first page
	rodata := text + PageSize
	data := rodata + 2*PageSize // the RELRO page sits between rodata and data
	bss := data + PageSize
	heap := bss + PageSize
	return []Region{
		{Kind: RegionText, Start: text, End: text + PageSize, Perm: PermRead | PermExec},
		{Kind: RegionRodata, Start: rodata, End: rodata + PageSize, Perm: PermRead},
		{Kind: RegionData, Start: data, End: data + PageSize, Perm: PermRead | PermWrite},
		{Kind: RegionBSS, Start: bss, End: bss + PageSize, Perm: PermRead | PermWrite},
		{Kind: RegionHeap, Start: heap, End: heap + p.HeapSize, Perm: PermRead | PermWrite},
		{Kind: RegionStack, Start: p.StackTop - p.MainStackSize, End: p.StackTop, Perm: PermRead | PermWrite, Owner: mainTid},
	}
}
