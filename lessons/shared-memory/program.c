// shared-memory: three ways to hand a value to someone else. A thread
// shares every global with main; a forked child gets its own copy of
// them (copy-on-write); a page mapped MAP_SHARED stays one page for both
// processes across fork.
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int plain = 0;          // a plain global
int *shared;            // will point at a MAP_SHARED page
int main_saw;           // what main read after the thread's write
int parent_plain;       // what the parent read after the child's writes
int parent_shared;

void *thread_writes(void *arg) {
    plain = 1;          // the same `plain` main sees
    return NULL;
}

int main(void) {
    shared = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pthread_t t;
    pthread_create(&t, NULL, thread_writes, NULL);
    pthread_join(t, NULL);
    main_saw = plain;
    pid_t pid = fork();
    if (pid == 0) {
        plain = 2;      // the child's own copy of the page
        *shared = 2;    // the one page both processes map
        return 0;
    }
    wait(NULL);
    parent_plain = plain;
    parent_shared = *shared;
    printf("plain %d, shared %d\n", parent_plain, parent_shared);
    return 0;
}
