// fork copies the address space: the child's write to a global is its own.
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int value = 10;

int main(void) {
    pid_t pid = fork();
    if (pid == 0) {
        value = 99;
        printf("child sees %d\n", value);
        return 0;
    }
    wait(NULL);
    printf("parent sees %d\n", value);
    return 0;
}
