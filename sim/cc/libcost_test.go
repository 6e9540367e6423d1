package cc

import (
	"fmt"
	"testing"

	"procscope/sim"
)

// An uncontended pthread_mutex_lock and unlock stay in user space, as
// glibc's fast path does: each round costs the cost table's lock and
// unlock and no system call (facts: 8–11 ns for the pair, not ~500 ns).
// The same holds for malloc/free and the string functions.
func TestUserSpaceLibraryCallsPayNoSystemCall(t *testing.T) {
	over := func(rounds int) sim.Overhead {
		t.Helper()
		src := fmt.Sprintf(`#include <pthread.h>
#include <stdlib.h>
#include <string.h>
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
long n;
int main(void) {
    for (int i = 0; i < %d; i++) {
        pthread_mutex_lock(&m);
        n++;
        pthread_mutex_unlock(&m);
        char *p = malloc(8);
        strcpy(p, "hi");
        n += strlen(p);
        free(p);
    }
    return 0;
}
`, rounds)
		m, err := sim.New(sim.Config{Program: src, Language: "c"})
		if err != nil {
			t.Fatal(err)
		}
		m.Apply(sim.Command{Op: sim.CmdUntil, Name: sim.UntilHalt})
		return m.State().Overhead
	}
	one, many := over(1), over(101)
	if one.Other == 0 || many.Other-one.Other != 100*(sim.DefaultCosts.Malloc+sim.DefaultCosts.Free) {
		t.Errorf("other time %d ns for 1 round, %d for 101: want only malloc+free's %d ns per round more, no system calls",
			one.Other, many.Other, sim.DefaultCosts.Malloc+sim.DefaultCosts.Free)
	}
	if d := many.Sync - one.Sync; d != 100*(sim.DefaultCosts.MutexLock+sim.DefaultCosts.MutexUnlock) {
		t.Errorf("100 more lock+unlock pairs cost %d ns of sync, want %d", d, 100*(sim.DefaultCosts.MutexLock+sim.DefaultCosts.MutexUnlock))
	}
}
