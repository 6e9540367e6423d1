// fork-cow: the parent sets a global and forks; then parent and child each
// write their own value into it. After fork both processes map the same
// frames, marked copy-on-write; the first write gets a private copy.
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

long value = 1;                 // a global, in .data

int main(void) {
    value = 10;                 // touch the data page before the fork
    pid_t pid = fork();         // the child: the same addresses, the same frames
    if (pid > 0) {
        value = 20;             // the parent's write: a copy-on-write fault
        printf("parent: value = %ld\n", value);
        wait(NULL);             // reap the child
        return 0;
    }
    value = 30;                 // the child's write: its own copy
    printf("child:  value = %ld\n", value);
    return 0;
}
