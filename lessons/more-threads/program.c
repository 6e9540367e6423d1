// more-threads: the same work, shared out among nthreads threads.
#include <pthread.h>
#include <stdio.h>

int work = 30000;           // loop rounds in all, shared out among the threads
int nthreads = 4;           // how many threads share the work
int use_lock = 0;           // 1: each round adds to total under a mutex
long total;                 // shared by all the threads
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

void *worker(void *arg) {
    long rounds = work / nthreads;
    long sum = 0;           // a local: each thread has its own
    for (long i = 0; i < rounds; i++) {
        if (use_lock) {
            pthread_mutex_lock(&m);
            total++;
            pthread_mutex_unlock(&m);
        } else {
            sum++;
        }
    }
    return NULL;
}

int main(void) {
    pthread_t t[8];
    for (int i = 0; i < nthreads; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < nthreads; i++)
        pthread_join(t[i], NULL);
    printf("%d threads did %d rounds\n", nthreads, work);
    return 0;
}
