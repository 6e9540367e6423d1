// pipe-eof: the parent makes a pipe and forks. The child writes four
// numbers and closes its write end; the parent closes its own write end,
// reads until end of file and prints the sum. A read returns end of file
// only when no write end is open in any process.
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int sum;        // what the parent has added up so far

int main(void) {
    int fds[2];
    pipe(fds);                  // fds[0]: the read end, fds[1]: the write end
    pid_t pid = fork();         // the child gets copies of both ends
    if (pid == 0) {
        close(fds[0]);          // the child only writes
        for (int v = 10; v <= 40; v += 10)
            write(fds[1], &v, sizeof v);
        close(fds[1]);          // no write end is left in the child
        return 0;
    }
    close(fds[1]);              // the parent never writes: forget this and see
    int v;
    while (read(fds[0], &v, sizeof v) > 0)
        sum += v;               // read returns 0 at end of file
    printf("sum %d\n", sum);
    wait(NULL);
    return 0;
}
