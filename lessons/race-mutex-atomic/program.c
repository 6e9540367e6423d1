// race-mutex-atomic: two threads add 1 to a shared counter, three times
// each, three ways: a plain counter++, under a mutex, and atomically.
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define LOOPS 3
int plain;                  // counter++ is a load, an add and a store
int locked;                 // the same, under a mutex
atomic_int atomic;          // one indivisible add
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

void *add_plain(void *arg) {
    for (int i = 0; i < LOOPS; i++)
        plain++;
    return NULL;
}

void *add_locked(void *arg) {
    for (int i = 0; i < LOOPS; i++) {
        pthread_mutex_lock(&m);
        locked++;
        pthread_mutex_unlock(&m);
    }
    return NULL;
}

void *add_atomic(void *arg) {
    for (int i = 0; i < LOOPS; i++)
        atomic_fetch_add(&atomic, 1);
    return NULL;
}

int main(void) {
    pthread_t a, b;
    pthread_create(&a, NULL, add_plain, NULL);
    pthread_create(&b, NULL, add_plain, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);

    pthread_create(&a, NULL, add_locked, NULL);
    pthread_create(&b, NULL, add_locked, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);

    pthread_create(&a, NULL, add_atomic, NULL);
    pthread_create(&b, NULL, add_atomic, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);

    printf("plain %d, locked %d, atomic %d\n", plain, locked, atomic);
    return 0;
}
