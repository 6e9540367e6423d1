// zombie-orphan: a child that exits before its parent waits stays a
// zombie; a child whose parent exits first is an orphan, adopted by init
// or, if an ancestor asked to be one, by a subreaper.
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int spins;          // busy work, so that the others get to run
int quick_status;   // the first child's exit status, as wait told it

void busy(int n) {
    for (int i = 0; i < n; i++)
        spins++;
}

// orphan makes a child that exits at once, leaving its own child behind.
void orphan(void) {
    pid_t middle = fork();
    if (middle == 0) {
        if (fork() == 0) {
            busy(300);          // the grandchild outlives its parent
            exit(3);
        }
        exit(0);                // the middle child exits first
    }
    waitpid(middle, NULL, 0);   // reap the middle child
}

int main(void) {
    pid_t quick = fork();
    if (quick == 0)
        exit(7);                // exits at once: a zombie until waited for
    busy(100);                  // the parent does not wait yet
    int status;
    waitpid(quick, &status, 0);
    quick_status = WEXITSTATUS(status);
    orphan();                   // its grandchild is adopted by init
    orphan();                   // again, after `subreaper 2`
    wait(NULL);                 // a subreaper reaps what it adopted
    return 0;
}
