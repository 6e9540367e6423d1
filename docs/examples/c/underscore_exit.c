// exit flushes stdio's buffer; _exit does not.
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    if (fork() == 0) {
        printf("written by exit\n");
        printf("flushed by exit");
        exit(0);
    }
    wait(NULL);
    if (fork() == 0) {
        printf("lost by _exit");
        _exit(3);
    }
    int status;
    wait(&status);
    printf("\nsecond child: %d\n", WEXITSTATUS(status));
    return 0;
}
