// gcc's __sync_fetch_and_add returns the old value.
#include <pthread.h>
#include <stdio.h>

long total;

void *add(void *arg) {
    long step = (long)arg;
    for (int i = 0; i < 100; i++)
        __sync_fetch_and_add(&total, step);
    return NULL;
}

int main(void) {
    pthread_t a, b;
    pthread_create(&a, NULL, add, (void *)1);
    pthread_create(&b, NULL, add, (void *)2);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    long old = __sync_fetch_and_add(&total, 0);
    printf("total = %ld\n", old);
    return 0;
}
