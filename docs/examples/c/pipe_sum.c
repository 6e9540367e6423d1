// A child sends numbers through a pipe; the parent adds them until EOF.
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int fds[2];
    pipe(fds);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        for (int i = 1; i <= 10; i++)
            write(fds[1], &i, sizeof i);
        close(fds[1]);
        return 0;
    }
    close(fds[1]);
    int n, sum = 0;
    while (read(fds[0], &n, sizeof n) > 0)
        sum += n;
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    printf("sum = %d, child exited with %d\n", sum, WEXITSTATUS(status));
    return 0;
}
