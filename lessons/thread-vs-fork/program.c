// thread-vs-fork: the same write to the same global, made once by a thread
// and once by a forked child. Which of the two writes does main see?
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int value = 1;                  // one global, in .data

void *set_value(void *arg) {    // the write both of them make
    value = 2;
    return NULL;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, set_value, NULL);  // a thread makes the write
    pthread_join(t, NULL);
    printf("after the thread: value = %d\n", value);

    value = 1;                  // back to 1 for the second try
    pid_t pid = fork();
    if (pid == 0) {
        set_value(NULL);        // the child makes the very same write
        printf("in the child:     value = %d\n", value);
        return 0;
    }
    wait(NULL);
    printf("after the child:  value = %d\n", value);
    return 0;
}
