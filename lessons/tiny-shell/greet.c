// greet: the program the tiny shell's first command runs. exec loads it
// into the shell's child: the same process, a new program.
#include <stdio.h>
#include <unistd.h>

int greetings = 1;  // a global of greet's own, in the new image

int main(void) {
    printf("hello from greet, pid %d, parent %d\n", getpid(), getppid());
    return 0;
}
