// stack-overflow: the main thread starts a thread that runs a function
// calling itself forever. Each call's frame holds 256 bytes of locals,
// until the thread's stack reaches the guard page below it and the whole
// process dies with SIGSEGV.
#include <pthread.h>
#include <stdio.h>

int dive(int n) {
    char locals[256];       // this call's frame: 256 bytes on the stack
    locals[0] = 1;          // touch them
    return dive(n + 1) + locals[0];
}

void *worker(void *arg) {
    dive(1);                // never returns
    return NULL;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);  // waits forever: the overflow ends the process
    printf("never printed\n");
    return 0;
}
