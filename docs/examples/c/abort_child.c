// abort raises SIGABRT; text still in stdio's buffer is lost.
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    if (fork() == 0) {
        printf("this line is never written");
        abort();
    }
    int status;
    wait(&status);
    printf("signalled %d, signal %d\n", WIFSIGNALED(status), WTERMSIG(status));
    return 0;
}
