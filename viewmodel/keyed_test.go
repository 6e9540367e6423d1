package viewmodel

import (
	"slices"
	"strings"
	"testing"
)

// keyedParts is a fragment of keyed parts written "group:id=key" with
// the nested parts after them written ".id=key", and loose parts "id=key".
func keyedParts(spec string) []PartKey {
	var ps []PartKey
	for _, f := range strings.Fields(spec) {
		var p PartKey
		f, p.Nested = strings.CutPrefix(f, ".")
		if g, rest, ok := strings.Cut(f, ":"); ok {
			p.Group, f = g, rest
		}
		id, key, _ := strings.Cut(f, "=")
		p.ID, p.Key = id, Hash(key)
		ps = append(ps, p)
	}
	return ps
}

// Keyed parts that come are inserted beside a sibling, those that go are
// removed, and the rest is compared part by part; what cannot be done so
// (a moved part, a new one with no sibling, a loose part that went) is
// rendered whole.
func TestTheTrackerInsertsAndRemovesKeyedParts(t *testing.T) {
	const start = "head=1 g:A=1 .a1=1 g:B=1 .b1=1 h:X=1 tail=1"
	for _, c := range []struct {
		why   string
		spec  string
		whole bool
		want  []Dirty
	}{
		{"nothing changed", start, false, nil},
		{"a nested part changed", "head=1 g:A=1 .a1=2 g:B=1 .b1=1 h:X=1 tail=1", false, []Dirty{{I: 2, From: -1}}},
		{"a card came after B", "head=1 g:A=1 .a1=1 g:B=1 .b1=1 g:C=1 .c1=1 h:X=1 tail=1", false, []Dirty{{I: 5, From: -1, After: "B"}}},
		{"two came first", "head=1 g:C=1 g:D=1 g:A=1 .a1=1 g:B=1 .b1=1 h:X=1 tail=1", false, []Dirty{{I: 1, From: -1, Before: "A"}, {I: 2, From: -1, After: "C"}}},
		{"A went, X changed", "head=1 g:B=1 .b1=1 h:X=2 tail=1", false, []Dirty{{I: 3, From: -1}, {I: -1, From: -1, Gone: "A"}}},
		{"a part came inside B", "head=1 g:A=1 .a1=1 g:B=1 .b1=1 .b2=1 h:X=1 tail=1", false, []Dirty{{I: 3, From: -1}}},
		{"a group with no sibling", "head=1 g:A=1 .a1=1 g:B=1 .b1=1 h:X=1 k:Y=1 tail=1", true, nil},
		{"A and B swapped", "head=1 g:B=1 .b1=1 g:A=1 .a1=1 h:X=1 tail=1", true, nil},
	} {
		tr := Tracker{}
		tr.PlanParts("f", 1, keyedParts(start), false)
		whole, dirty := tr.PlanParts("f", 1, keyedParts(c.spec), false)
		if whole != c.whole || !slices.Equal(dirty, c.want) {
			t.Errorf("%s: whole %v, dirty %v, want %v %v", c.why, whole, dirty, c.whole, c.want)
		}
		// what was planned is recorded: the same parts again are clean
		if whole, dirty := tr.PlanParts("f", 1, keyedParts(c.spec), false); whole || dirty != nil {
			t.Errorf("%s, again: whole %v, dirty %v", c.why, whole, dirty)
		}
	}
}
