// A child's exit status reaches its parent through wait.
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    pid_t pid = fork();
    if (pid == 0)
        exit(42);
    int status;
    pid_t got = wait(&status);
    if (got == pid && WIFEXITED(status))
        printf("child exited with %d\n", WEXITSTATUS(status));
    return EXIT_SUCCESS;
}
