// threads-share: the main thread starts a worker thread. Both write the
// same global (one address space) while each keeps a local on its own stack.
#include <pthread.h>
#include <stdio.h>

int shared;                     // one global: one address, one frame

void *worker(void *arg) {
    int mine = 2;               // a local: on the worker's own stack
    shared = mine;              // the same global, the same frame
    return NULL;
}

int main(void) {
    pthread_t t;
    int mine = 1;               // a local: on the main thread's stack
    pthread_create(&t, NULL, worker, NULL);  // a new stack, a guard page below it
    shared = mine;
    pthread_join(t, NULL);      // wait for the worker
    printf("shared = %d\n", shared);  // the worker's write is seen here
    return 0;
}
