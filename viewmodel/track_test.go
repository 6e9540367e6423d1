package viewmodel

import (
	"slices"
	"testing"
)

func TestHashFollowsContentsNotAddresses(t *testing.T) {
	a := Thread{Tid: 2, Regs: []Reg{{Name: "ax", Value: "1"}}}
	b := Thread{Tid: 2, Regs: []Reg{{Name: "ax", Value: "1"}}}
	if Hash(a) != Hash(b) {
		t.Errorf("equal threads in different memory hash differently")
	}
	b.Regs[0].Value = "2"
	if Hash(a) == Hash(b) {
		t.Errorf("a changed register does not change the hash")
	}
	for _, c := range []struct {
		why  string
		x, y any
	}{
		{"strings split differently", []string{"ab"}, []string{"a", "b"}},
		{"a nil pointer and a zero value", (*RandomTry)(nil), &RandomTry{}},
		{"an empty and a one-zero slice", []int{}, []int{0}},
		{"two fields swapped", []any{1, 2}, []any{2, 1}},
		{"a bool and its negation", true, false},
	} {
		if Hash(c.x) == Hash(c.y) {
			t.Errorf("%s hash alike", c.why)
		}
	}
	m1 := map[string]int{"a": 1, "b": 2, "c": 3}
	m2 := map[string]int{"c": 3, "b": 2, "a": 1}
	if Hash(m1) != Hash(m2) {
		t.Errorf("a map's hash depends on its order")
	}
}

func TestHashOfAStringOrIntIsAsReflectionMakesIt(t *testing.T) {
	type str string
	type num int
	if Hash("0x1000") != Hash(str("0x1000")) || Hash(7) != Hash(num(7)) {
		t.Errorf("the fast path of Hash differs from its reflection")
	}
}

func TestHashRefusesAModelThatDrawsNothing(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("a model holding a function was hashed")
		}
	}()
	Hash(struct{ F func() }{func() {}})
}

func TestTheTrackerSaysWhatToRender(t *testing.T) {
	tr := Tracker{}
	parts := func(keys ...uint64) []uint64 { return keys }
	plan := func(model string, ps []uint64, full bool) (bool, []int) {
		ids := make([]string, len(ps))
		for i := range ps {
			ids[i] = string(rune('a' + i))
		}
		return tr.Plan("f", ShellKey(model, ids), slices.Clone(ps), full)
	}
	if whole, _ := plan("shell", parts(1, 2, 3), false); !whole {
		t.Fatalf("a fragment never rendered is not rendered whole")
	}
	if whole, dirty := plan("shell", parts(1, 2, 3), false); whole || len(dirty) != 0 {
		t.Errorf("nothing changed: whole %v, dirty %v", whole, dirty)
	}
	if whole, dirty := plan("shell", parts(1, 9, 3), false); whole || !slices.Equal(dirty, []int{1}) {
		t.Errorf("one part changed: whole %v, dirty %v, want part 1 alone", whole, dirty)
	}
	if whole, dirty := plan("shell", parts(1, 9, 3), false); whole || len(dirty) != 0 {
		t.Errorf("the changed part was not recorded: whole %v, dirty %v", whole, dirty)
	}
	for _, c := range []struct {
		why   string
		model string
		ps    []uint64
		full  bool
	}{
		{"the shell changed", "other", parts(1, 9, 3), false},
		{"a part appeared", "other", parts(1, 9, 3, 4), false},
		{"a part went", "other", parts(1, 9, 3), false},
		{"a full frame", "other", parts(1, 9, 3), true},
	} {
		if whole, _ := plan(c.model, c.ps, c.full); !whole {
			t.Errorf("%s: not rendered whole", c.why)
		}
	}
	if whole, dirty := plan("other", parts(1, 9, 3), false); whole || len(dirty) != 0 {
		t.Errorf("after a whole render its parts are not recorded: whole %v, dirty %v", whole, dirty)
	}
}

// A list that grew at its end is sent its new items alone; one that
// lost items at its start is told how many to drop; one that changed
// otherwise is sent whole.
func TestTheTrackerSendsWhatAListGainedAndLost(t *testing.T) {
	tr := Tracker{}
	plan := func(items ...string) (bool, []Dirty) {
		return tr.PlanParts("f", 1, []PartKey{{Key: 7}, ItemKeys(items)}, false)
	}
	if whole, _ := plan("a", "b"); !whole {
		t.Fatalf("a fragment never rendered is not rendered whole")
	}
	for _, c := range []struct {
		why   string
		items []string
		want  []Dirty
	}{
		{"nothing changed", []string{"a", "b"}, nil},
		{"two items added", []string{"a", "b", "c", "d"}, []Dirty{{I: 1, From: 2}}},
		{"one more", []string{"a", "b", "c", "d", "e"}, []Dirty{{I: 1, From: 4}}},
		{"the first item went", []string{"b", "c", "d", "e"}, []Dirty{{I: 1, Trim: 1, From: 4}}},
		{"two went, one came", []string{"d", "e", "f"}, []Dirty{{I: 1, Trim: 2, From: 2}}},
		{"the first item changed", []string{"x", "e", "f"}, []Dirty{{I: 1, From: -1}}},
		{"an item inside changed", []string{"x", "y", "f"}, []Dirty{{I: 1, From: -1}}},
		{"none is left", []string{"g"}, []Dirty{{I: 1, From: -1}}},
		{"all went", nil, []Dirty{{I: 1, From: -1}}},
		{"an empty list grew", []string{"a"}, []Dirty{{I: 1, From: 0}}},
	} {
		if whole, dirty := plan(c.items...); whole || !slices.Equal(dirty, c.want) {
			t.Errorf("%s: whole %v, dirty %v, want %v", c.why, whole, dirty, c.want)
		}
	}
	if ItemKeys([]string{"ab"}).Key == ItemKeys([]string{"a", "b"}).Key {
		t.Errorf("[ab] and [a b] have one key")
	}
}
