// 두 스레드가 전역 변수 counter에 1을 loops번씩 더하면?
// Two threads add 1 to a global counter, loops times each.
#include <pthread.h>
#include <stdio.h>

int loops = 5;
int counter;

void *worker(void *arg) {
    for (int i = 0; i < loops; i++)
        counter++;
    return NULL;
}

int main(void) {
    pthread_t t1, t2;
    pthread_create(&t1, NULL, worker, NULL);
    pthread_create(&t2, NULL, worker, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("counter = %d\n", counter);
    return 0;
}
