// A mutex made at run time: pthread_mutex_init before the threads start,
// pthread_mutex_destroy after the last one has finished with it.
#include <pthread.h>
#include <stdio.h>

long total;
pthread_mutex_t lock;

void *add(void *arg) {
    for (int i = 0; i < 200; i++) {
        pthread_mutex_lock(&lock);
        total += 1;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(void) {
    pthread_t a, b;
    if (pthread_mutex_init(&lock, NULL) != 0)
        return 1;
    pthread_create(&a, NULL, add, NULL);
    pthread_create(&b, NULL, add, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("total = %ld\n", total);
    printf("destroy: %d\n", pthread_mutex_destroy(&lock));
    return 0;
}
