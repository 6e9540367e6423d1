// fflush empties the buffer before fork, so the text is written once.
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    printf("before fork ");
    fflush(stdout);
    if (fork() == 0) {
        printf("child\n");
        return 0;
    }
    wait(NULL);
    printf("parent\n");
    return 0;
}
