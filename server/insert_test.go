package server

import (
	"slices"
	"strings"
	"testing"

	"procscope/sim"
)

// bigFrameSession is the lab the click → paint budget is set for (issue
// 12, e2e's bigLab): init and seven forked processes, twelve threads.
func bigFrameSession(t *testing.T) *frameSession {
	t.Helper()
	fs := newFrameSession(t, "", viewKey{lang: "en", controls: "full", mode: "explore"})
	for _, l := range append(slices.Repeat([]string{"fork 2"}, 6), slices.Repeat([]string{"spawn 2 worker"}, 4)...) {
		cmd, err := sim.ParseCommand(l)
		if err != nil {
			t.Fatal(err)
		}
		fs.do(t, cmd)
	}
	return fs
}

// A spawn in the big lab inserts the new thread's card, its stack's rows
// on the address axis and its rows in the text view, and sends none of
// those fragments whole, nor the action bar (drawn once however many
// threads there are: a spawn leaves it as it was).
func TestASpawnInsertsItsCardAndRows(t *testing.T) {
	fs := bigFrameSession(t)
	cmd, _ := sim.ParseCommand("spawn 2 worker")
	sent := fs.do(t, cmd)
	fs.check(t, "spawn")
	for _, id := range []string{"threads", "address-spaces", "text-view", "actions"} {
		if slices.Contains(sent, id) {
			t.Errorf("a spawn sent the whole %s fragment (sent %v)", id, sent)
		}
	}
	for _, prefix := range []string{"insert:thread-", "insert:ax-", "insert:tv-thread-", "insert:tv-reg-"} {
		if !slices.ContainsFunc(sent, func(id string) bool { return strings.HasPrefix(id, prefix) }) {
			t.Errorf("a spawn inserted nothing like %s… (sent %v)", prefix, sent)
		}
	}
	t.Logf("a spawn: %d bytes, %v", fs.bytes, sent)
}
