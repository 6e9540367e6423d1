// Each thread gets its own argument and returns a result through join.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct job {
    int from, to;
    long sum;
};

void *sum_range(void *arg) {
    struct job *j = arg;
    for (int i = j->from; i <= j->to; i++)
        j->sum += i;
    if (j->from == 1)
        pthread_exit(j);
    return j;
}

int main(void) {
    struct job jobs[2] = {{1, 50, 0}, {51, 100, 0}};
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, sum_range, &jobs[i]);
    long total = 0;
    for (int i = 0; i < 2; i++) {
        void *res;
        pthread_join(t[i], &res);
        total += ((struct job *)res)->sum;
    }
    printf("total %ld, self is %s\n", total, pthread_self() != 0 ? "known" : "zero");
    return 0;
}
