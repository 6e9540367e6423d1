package templates

import (
	"slices"
	"strings"
	"testing"

	"procscope/sim"
	"procscope/viewmodel"
)

// What Fragments lists with a Kept is what it lists afresh — the same
// fragments, parts, ids, groups and keys — after every command of labs
// that step, switch, fork, spawn, write, call, exit and are reaped, on
// one and two CPUs; and most of it was kept, not listed again.
func TestKeptListingIsAFreshListing(t *testing.T) {
	script := strings.Split("step 1|step 1|step 3|spawn 2|step 5|fork 2|step 7|write 3 counter 9|step 1|step 1|"+
		"call 2 40|step 20|malloc 2 5000|step 1|thread-exit 4|step 2|kill 3 9|wait 2|step 30|step 1|step 1", "|")
	for _, cfg := range []sim.Config{{Profile: "linux-x86_64"}, {Profile: "linux-x86_64", CPUs: 2}} {
		m, err := sim.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		var views viewmodel.Kept
		var kept Kept
		var evs []sim.Event
		reused, listed, same := 0, 0, 0
		var before []Fragment // the frame before's fresh listing
		for _, line := range script {
			c, err := sim.ParseCommand(line)
			if err != nil {
				t.Fatal(err)
			}
			evs = append(evs, m.Apply(c)...)
			if len(evs) > viewmodel.MaxRecentEvents {
				evs = evs[len(evs)-viewmodel.MaxRecentEvents:]
			}
			lab := viewmodel.LabFromStateKept(m.State(), evs, &views)
			page := Page{T: For("en"), Opts: Options{Controls: "full", Mode: "explore"}, Lab: lab}
			fresh := Fragments(page)
			page.Kept = &kept
			got := Fragments(page)
			if len(got) != len(fresh) {
				t.Fatalf("after %q: %d fragments kept, %d fresh", line, len(got), len(fresh))
			}
			for i, f := range fresh {
				g := got[i]
				if g.Same {
					// nothing of it changed since the frame before
					same++
					if g.ID != f.ID || before == nil || !sameFragment(before[i], f) {
						t.Fatalf("after %q: fragment %s was not listed as nothing of it changed, but it did", line, f.ID)
					}
					continue
				}
				if g.ID != f.ID || !sameModel(g, f) {
					t.Fatalf("after %q: fragment %s (kept %s) has another model", line, f.ID, g.ID)
				}
				if len(g.Parts) != len(f.Parts) {
					t.Fatalf("after %q: fragment %s: %d parts kept, %d fresh", line, f.ID, len(g.Parts), len(f.Parts))
				}
				for j := range f.Parts {
					if !samePart(g.Parts[j], f.Parts[j]) {
						t.Fatalf("after %q: fragment %s's part %s kept differs from the fresh one (%+v, %+v)", line, f.ID, f.Parts[j].ID, g.Parts[j], f.Parts[j].Model)
					}
				}
				for _, p := range g.Parts {
					listed++
					if p.Kept {
						reused++
					}
				}
			}
			before = fresh
		}
		if same == 0 {
			t.Errorf("no fragment was left unlisted as unchanged: the test checks too little")
		}
		if reused < listed/3 {
			t.Errorf("%d of %d parts were kept: the test checks too little", reused, listed)
		}
	}
}

// sameModel says whether a kept fragment's model is a fresh one's.
func sameModel(kept, fresh Fragment) bool {
	key := viewmodel.Hash(kept.Model)
	if kept.KnownModel {
		key = kept.ModelKey
	}
	return key == viewmodel.Hash(fresh.Model)
}

// sameFragment says whether two fresh listings of a fragment are the
// same: its model and its parts.
func sameFragment(a, b Fragment) bool {
	if a.ID != b.ID || viewmodel.Hash(a.Model) != viewmodel.Hash(b.Model) || len(a.Parts) != len(b.Parts) {
		return false
	}
	for i := range a.Parts {
		if !samePart(a.Parts[i], b.Parts[i]) {
			return false
		}
	}
	return true
}

// samePart says whether a kept part is a fresh one: its id, group,
// nesting and keys.
func samePart(kept, fresh Part) bool {
	if kept.ID != fresh.ID || kept.Group != fresh.Group || kept.Nested != fresh.Nested {
		return false
	}
	want := viewmodel.PartKey{Key: viewmodel.Hash(fresh.Model)}
	switch {
	case fresh.Known:
		want = viewmodel.PartKey{Key: fresh.Key, Items: fresh.Items}
	case fresh.Tail != nil:
		want = viewmodel.ItemKeys(fresh.Model)
	}
	if !kept.Known {
		withKey(&kept)
	}
	return kept.Key == want.Key && slices.Equal(kept.Items, want.Items)
}
