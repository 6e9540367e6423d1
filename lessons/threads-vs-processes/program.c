// threads-vs-processes: the same small job done by 4 threads, then by 4
// child processes. Each worker adds 1 + 2 + 3 + 4 + 5; the threads leave
// their sums in memory they all share, the children send theirs through a
// pipe. Watch the cost panel: creation, memory, communication.
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define N 4
long sums[N];                   // the threads' results: one array, shared
long by_threads;                // what main adds up from the threads
long by_processes;              // what main adds up from the children

long job(void) {
    long s = 0;
    for (long i = 1; i <= 5; i++)
        s += i;
    return s;
}

void *worker(void *arg) {
    long id = (long)arg;
    sums[id] = job();           // straight into the shared array
    return NULL;
}

int main(void) {
    pthread_t t[N];
    for (long i = 0; i < N; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < N; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < N; i++)
        by_threads += sums[i];

    int fds[2];
    pipe(fds);
    for (int i = 0; i < N; i++) {
        if (fork() == 0) {
            long s = job();
            write(fds[1], &s, sizeof s);    // through the kernel
            return 0;
        }
    }
    close(fds[1]);
    long s;
    while (read(fds[0], &s, sizeof s) > 0)
        by_processes += s;
    for (int i = 0; i < N; i++)
        wait(NULL);
    printf("threads %ld, processes %ld\n", by_threads, by_processes);
    return 0;
}
