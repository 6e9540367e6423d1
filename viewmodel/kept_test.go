package viewmodel

import (
	"reflect"
	"strings"
	"testing"

	"procscope/sim"
)

// A view built from the process views kept by version (the maps kept
// by layout, the event log's views by number) is the view built afresh, after every command of labs that fork, spawn, write, call,
// block on pipes and mutexes, share memory, exit and are reaped, on both
// profiles and two CPUs — and most steps of a lab reuse some process.
func TestKeptViewsAreFreshViews(t *testing.T) {
	script := strings.Split("step 3|spawn 2|step 5|fork 2|step 7|write 4 counter 9|step 1|step 1|call 3 40|step 20|"+
		"pipe 2|fork 2|write-fd 2 4 1|read-fd 5 3|step 9|lock 2 counter|lock 3 counter|step 4|unlock 2 counter|"+
		"shm 2 1|malloc 2 5000|step 12|kill 4|wait 2|exit 5|step 30|exec 2 recurse|step 40", "|")
	for _, cfg := range []sim.Config{
		{Profile: "linux-x86_64"},
		{Profile: "ostep", CPUs: 2},
		{Profile: "linux-x86_64", CPUs: 2, Program: ".main\n.top\nmov $1, %ax\nadd $2, %ax\nmov %ax, 2000\nj .top\n"},
	} {
		m, err := sim.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		var kept Kept
		var evs []sim.Event
		total := 0               // events ever logged: the window is numbered from total-len(evs)+1
		reused, reshaped := 0, 0 // views kept whole, and maps kept by layout
		for _, line := range script {
			c, err := sim.ParseCommand(line)
			if err != nil {
				t.Fatal(err)
			}
			times := 1
			if c.Op == sim.CmdStep { // a long step as steps of one tick
				times, c.N = int(c.N), 1
			}
			for range times {
				add := m.Apply(c)
				total += len(add)
				evs = append(evs, add...)
				if len(evs) > MaxRecentEvents {
					evs = evs[len(evs)-MaxRecentEvents:]
				}
				st := m.State()
				before := len(kept.procs)
				for _, p := range st.Processes {
					switch _, ok, same, _ := kept.process(p); {
					case ok:
						reused++
					case same != nil:
						reshaped++
					}
				}
				kept.EventsFrom(uint64(total - len(evs) + 1))
				got, want := LabFromStateKept(st, evs, &kept), LabFromState(st, evs)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s after %q: the view from kept processes differs from a fresh one (%d kept)", cfg.Profile, line, before)
				}
			}
		}
		if reused == 0 || reshaped == 0 {
			t.Errorf("%s: %d process views reused whole and %d maps by layout: the test checks too little", cfg.Profile, reused, reshaped)
		}
	}
}
