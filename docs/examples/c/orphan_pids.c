// getpid and getppid: a child knows its parent.
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    pid_t me = getpid();
    pid_t child = fork();
    if (child == 0) {
        printf("child's parent is me: %s\n", getppid() == me ? "yes" : "no");
        usleep(1000);
        return 7;
    }
    int status;
    waitpid(child, &status, 0);
    printf("child %s, status %d\n", child != me ? "differs" : "same", WEXITSTATUS(status));
    sleep(0);
    return 0;
}
