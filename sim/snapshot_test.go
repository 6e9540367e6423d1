package sim

import (
	"reflect"
	"testing"
)

// ipcScript exercises every kind of object a clone must copy.
var ipcScript = []string{
	"spawn 2 worker", "step 300", "pipe 2", "write-fd 2 4 5", "shm 2 9", "lock 3 counter", "fork 2",
	"step 500", "write-fd 4 4 6", "lock 2 counter", "step 700", "read-fd 4 3", "step 2000", "unlock 3 counter",
	"step 900", "kill 4", "step 1500", "atomic-add 3 counter 5", "step 3000",
}

func TestReplayFromSnapshotEqualsReplayFromSeed(t *testing.T) {
	for _, cfg := range []Config{{Seed: 4, StackSize: 64 << 10}, {Seed: 4, RandomInterrupts: true, Interrupt: 9, CPUs: 2}, {Profile: "ostep", Threads: 2}} {
		snap, _ := runScript(t, cfg, ipcScript)
		seed, _ := runScript(t, cfg, ipcScript)
		snap.SetSnapshotEvery(1)
		seed.SetSnapshotEvery(0)
		// rebuild snapshots along the way by replaying the lab's own history
		l, err := NewLab(cfg)
		if err != nil {
			t.Fatal(err)
		}
		l.SetSnapshotEvery(700)
		for _, a := range snap.History() {
			l.Apply(a.Command)
		}
		if len(l.snaps) < 3 {
			t.Fatalf("%d snapshots after %d ticks, want several", len(l.snaps), l.Machine().Tick())
		}
		end := l.Machine().Tick()
		for _, tick := range []uint64{end, end - 1, end - 777, end / 2, 3, 0} {
			if err := l.Goto(tick); err != nil {
				t.Fatal(err)
			}
			if err := seed.Goto(tick); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(l.Machine().State(), seed.Machine().State()) {
				t.Fatalf("%+v at tick %d: the state replayed from a snapshot differs from the one replayed from the seed", cfg, tick)
			}
			if err := checkInvariants(l.Machine()); err != nil {
				t.Fatalf("tick %d: %v", tick, err)
			}
			a := l.Apply(Command{Op: CmdStep, N: 400})
			b := seed.Apply(Command{Op: CmdStep, N: 400})
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("tick %d: the next 400 instructions differ after a snapshot replay", tick)
			}
		}
	}
}

func TestCloneIsIndependent(t *testing.T) {
	l, _ := runScript(t, Config{Seed: 2}, ipcScript[:12])
	m := l.Machine()
	before := m.State()
	c := m.Clone()
	mustApply(t, c, "step 5000", "write 2 counter 99", "close 2 3", "kill 3", "shm 2 10")
	if !reflect.DeepEqual(m.State(), before) {
		t.Fatal("changing a clone changed the original")
	}
	if err := checkInvariants(c); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkLabBack measures going back 1000 ticks in a 200,000-tick
// history: replay from the nearest snapshot, not from the seed. Target:
// well under a millisecond per Back with snapshots (replay from the seed
// costs the whole history: see the -nosnap variant).
func BenchmarkLabBack(b *testing.B) {
	for _, every := range []uint64{DefaultSnapshotEvery, 0} {
		name := "snapshots"
		if every == 0 {
			name = "nosnap"
		}
		b.Run(name, func(b *testing.B) {
			l, err := NewLab(Config{Seed: 1, Threads: 2})
			if err != nil {
				b.Fatal(err)
			}
			l.SetSnapshotEvery(every)
			for i := 0; i < 200; i++ {
				l.Apply(Command{Op: CmdStep, N: 1000})
			}
			end := l.Machine().Tick()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := l.Goto(end - 1000); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
