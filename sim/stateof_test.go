package sim_test

import (
	"reflect"
	"testing"

	"procscope/sim"
	_ "procscope/sim/cc" // the C compiler, for a C program with threads, fork, a pipe and the heap
)

// stateOfProgram touches every part of State: threads with C frames, a
// child process, a pipe, a mutex, the heap and the terminal.
const stateOfProgram = `#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

long total;
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

void *worker(void *arg) {
    for (long i = 0; i < 20; i++) {
        pthread_mutex_lock(&m);
        total++;
        pthread_mutex_unlock(&m);
    }
    return NULL;
}

int main(void) {
    int fds[2];
    long *p = malloc(64);
    pipe(fds);
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    pid_t pid = fork();
    if (pid == 0) {
        write(fds[1], &total, sizeof total);
        return 0;
    }
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("total %ld %ld\n", total, p[0]);
    return 0;
}
`

// onlyParts empties the parts of a full State that want leaves out: the
// oracle StateOf must match. It changes s's processes in place.
func onlyParts(s sim.State, want sim.Parts) sim.State {
	has := func(p sim.Parts) bool { return want&p != 0 }
	if !has(sim.PartCPUs) {
		s.CPUs = nil
	}
	if !has(sim.PartFrames) {
		s.Frames = nil
	}
	if !has(sim.PartIPC) {
		s.Pipes, s.Mutexes, s.Segments = nil, nil, nil
	}
	if !has(sim.PartTerminal) {
		s.Terminal = nil
	}
	if !has(sim.PartProgram) {
		s.Program = sim.ProgramState{}
	}
	if !has(sim.PartProcesses) {
		s.Processes = nil
	}
	for i := range s.Processes {
		p := &s.Processes[i]
		if !has(sim.PartMemory) {
			p.Regions, p.Globals = nil, nil
		}
		if !has(sim.PartHeap) {
			p.Heap = nil
		}
		for j := range p.Threads {
			if !has(sim.PartCallFrames) {
				p.Threads[j].Frames, p.Threads[j].MoreFrames = nil, 0
			}
			if !has(sim.PartSource) {
				p.Threads[j].Source = nil
			}
		}
	}
	return s
}

// TestStateOfIsThePartsOfState checks, after every instruction of a C
// program that uses every part, that StateOf and StateInto (reusing a
// state last filled with other parts) of each part alone and of each
// part left out equal the same parts of State.
func TestStateOfIsThePartsOfState(t *testing.T) {
	m, err := sim.New(sim.Config{Profile: "linux-x86_64", Program: stateOfProgram, Language: "c", CPUs: 2, Interrupt: 7})
	if err != nil {
		t.Fatal(err)
	}
	var sets []sim.Parts
	for p := sim.Parts(1); p < sim.AllParts; p <<= 1 {
		sets = append(sets, p|sim.PartProcesses, sim.AllParts&^p)
	}
	sets = append(sets, 0, sim.PartProcesses, sim.AllParts)
	var reused sim.State // StateInto's, kept from each call to the next
	var pipes, mutexes, processes int
	for n := 0; n < 5000; n++ {
		full := m.State()
		pipes, mutexes, processes = max(pipes, len(full.Pipes)), max(mutexes, len(full.Mutexes)), max(processes, len(full.Processes))
		for _, want := range sets {
			if got := m.StateOf(want); !reflect.DeepEqual(got, onlyParts(m.State(), want)) {
				t.Fatalf("after %d instructions, StateOf(%b) differs from those parts of State", n, want)
			}
			if m.StateInto(&reused, want); !reflect.DeepEqual(reused, onlyParts(m.State(), want)) {
				t.Fatalf("after %d instructions, StateInto(%b) differs from those parts of State", n, want)
			}
		}
		if evs := m.Apply(sim.Command{Op: sim.CmdStep, N: 1}); len(evs) > 0 && evs[len(evs)-1].Kind == sim.EvIdle {
			if len(full.Terminal) == 0 || pipes == 0 || mutexes == 0 || processes < 3 {
				t.Fatalf("the program did not use every part: %d writes, %d pipes, %d held mutexes, %d processes", len(full.Terminal), pipes, mutexes, processes)
			}
			return
		}
	}
	t.Fatal("the program did not finish in 5000 instructions")
}
