package viewmodel

import "hash/maphash"

// Keyed parts: a fragment's parts may include runs of siblings that gain
// and lose members (a process's thread cards, the address axis's rows).
// Such a part is keyed: its PartKey names its ID and its Group (the
// element its siblings share), and the parts Nested inside it follow it.
// The shell's key then leaves the keyed parts and what they hold out, so
// that a thread or a row that comes or goes does not change the shell:
// the new one is inserted beside a sibling, one that went is removed,
// and the rest of the fragment is compared part by part as usual.

// unit is a keyed part with the parts nested in it, or a part that is
// neither keyed nor nested: at and n are where its parts are in the
// fragment's list, key is its ID's hash and sig the hash of its parts'
// IDs in order (what it holds changed when sig did).
type unit struct {
	id       string // a keyed part's ID (a removal names it), else ""
	key, sig uint64
	at, n    int
}

// units groups parts into units. A nested part before any keyed one
// stands alone (it has nothing to be inside).
func units(parts []PartKey) []unit {
	us := make([]unit, 0, len(parts))
	for i, p := range parts {
		if p.Nested && len(us) > 0 && us[len(us)-1].id != "" {
			u := &us[len(us)-1]
			u.n++
			u.sig = mix(u.sig, Hash(p.ID))
			continue
		}
		u := unit{key: Hash(p.ID), at: i, n: 1}
		if p.Group != "" {
			u.id = p.ID
		}
		u.sig = mix(0, u.key)
		us = append(us, u)
	}
	return us
}

// mix adds k to the running hash h.
func mix(h, k uint64) uint64 { return (h^k)*0x100000001b3 + 0x9e3779b97f4a7c15 }

// idsKey is the hash of the parts' ids, groups and nesting in order:
// while it is as recorded, so are the units. It is never 0 (0 marks a
// fragment without keyed parts).
func idsKey(parts []PartKey) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	for _, p := range parts {
		h.WriteString(p.ID)
		h.WriteByte(0)
		h.WriteString(p.Group)
		if p.Nested {
			h.WriteByte(1)
		} else {
			h.WriteByte(2)
		}
	}
	return h.Sum64() | 1
}

// hasKeyed says whether any part is keyed.
func hasKeyed(parts []PartKey) bool {
	for _, p := range parts {
		if p.Group != "" {
			return true
		}
	}
	return false
}

// planKeyed is PlanParts for a fragment with keyed parts whose shell is
// as recorded in old and whose parts' ids are not (now are its units): the keyed parts that went (Dirty.Gone), the new
// ones with the sibling they go beside (Dirty.After or Before), and the
// changed parts of the rest; ok is false when the parts cannot be
// brought up to date so (the units that stayed changed order, or a new
// keyed part has no sibling to go beside), and the fragment is rendered
// whole.
func planKeyed(old *pieceKeys, now []unit, parts []PartKey) (dirty []Dirty, ok bool) {
	was := make(map[uint64]int, len(old.units))
	for i, u := range old.units {
		was[u.key] = i
	}
	kept := make([]bool, len(old.units))
	last := -1
	for j, u := range now {
		i, found := was[u.key]
		if !found {
			d, ok := insertion(now, j, parts, was)
			if !ok {
				return nil, false
			}
			dirty = append(dirty, d)
			continue
		}
		if i < last {
			return nil, false // moved
		}
		last, kept[i] = i, true
		dirty = append(dirty, changedIn(old, old.units[i], u, parts)...)
	}
	for i, u := range old.units {
		if !kept[i] {
			if u.id == "" {
				return nil, false // only keyed parts may go
			}
			dirty = append(dirty, Dirty{I: -1, From: -1, Gone: u.id})
		}
	}
	return dirty, true
}

// insertion places the new keyed unit now[j]: after the sibling before
// it (new or not: insertions are applied in order), else before the
// first sibling after it that the page already has.
func insertion(now []unit, j int, parts []PartKey, was map[uint64]int) (Dirty, bool) {
	u := now[j]
	if u.id == "" {
		return Dirty{}, false
	}
	g := parts[u.at].Group
	d := Dirty{I: u.at, From: -1}
	for k := j - 1; k >= 0; k-- {
		if now[k].id != "" && parts[now[k].at].Group == g {
			d.After = now[k].id
			return d, true
		}
	}
	for k := j + 1; k < len(now); k++ {
		if _, old := was[now[k].key]; old && now[k].id != "" && parts[now[k].at].Group == g {
			d.Before = now[k].id
			return d, true
		}
	}
	return Dirty{}, false
}

// changedIn is what changed of a unit the page has: the keyed part
// whole when what it holds changed, else the parts whose keys did.
func changedIn(old *pieceKeys, was, u unit, parts []PartKey) []Dirty {
	if was.sig != u.sig {
		return []Dirty{{I: u.at, From: -1}}
	}
	var dirty []Dirty
	for k := range u.n {
		if old.parts[was.at+k] != parts[u.at+k].Key {
			dirty = append(dirty, old.changed(was.at+k, u.at+k, parts[u.at+k]))
		}
	}
	return dirty
}
