// atomic_fetch_add is one indivisible read-modify-write.
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

atomic_int hits;

void *worker(void *arg) {
    for (int i = 0; i < 500; i++)
        atomic_fetch_add(&hits, 1);
    return arg;
}

int main(void) {
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    printf("hits = %d\n", hits);
    return 0;
}
