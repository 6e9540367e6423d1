// A parent sends a string to its child through a pipe.
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int fds[2];
    char buf[32];
    if (pipe(fds) != 0)
        return 1;
    if (fork() == 0) {
        close(fds[1]);
        memset(buf, 0, sizeof buf);
        ssize_t n = read(fds[0], buf, sizeof buf - 1);
        printf("child read %ld bytes: %s\n", (long)n, buf);
        return 0;
    }
    close(fds[0]);
    const char *msg = "hello through the pipe";
    write(fds[1], msg, strlen(msg));
    close(fds[1]);
    wait(NULL);
    return 0;
}
