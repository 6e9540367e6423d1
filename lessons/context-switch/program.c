// context-switch: two threads of one process take turns on one CPU, then
// two processes do the same. Compare what the switches cost.
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define TURNS 4
int turns;                      // every turn adds 1

void take_turns(void) {
    for (int i = 0; i < TURNS; i++) {
        turns++;                // the first memory access after a switch
        sched_yield();          // give the CPU to the other: a context switch
    }
}

void *partner(void *arg) {
    take_turns();
    return NULL;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, partner, NULL);
    take_turns();               // two threads of one process take turns
    pthread_join(t, NULL);

    pid_t pid = fork();
    take_turns();               // two processes take turns
    if (pid == 0)
        return 0;
    wait(NULL);
    printf("%d turns\n", turns);
    return 0;
}
