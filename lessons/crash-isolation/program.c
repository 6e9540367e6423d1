// crash-isolation: a child process crashes; its parent goes on and learns
// from wait how the child ended. This is why a browser runs each site in a
// process of its own: a crashing tab does not take the browser down.
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int *nowhere;       // a null pointer: nothing is mapped at address 0
int crashed_by;     // the signal that ended the child, as the parent learns it
int parent_alive;   // the parent's own work goes on after the crash

int main(void) {
    pid_t pid = fork();
    if (pid == 0) {
        *nowhere = 1;   // the child ("a tab") crashes here: SIGSEGV
        return 0;
    }
    int status;
    wait(&status);
    if (WIFSIGNALED(status))
        crashed_by = WTERMSIG(status);
    parent_alive = 1;
    printf("child %d was killed by signal %d; the parent goes on\n", pid, crashed_by);
    return 0;
}
