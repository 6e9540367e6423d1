// stdio's buffer lives in the process: fork copies unwritten text.
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    printf("before fork ");
    pid_t pid = fork();
    if (pid == 0) {
        printf("(child)\n");
        return 0;
    }
    waitpid(pid, NULL, 0);
    printf("(parent)\n");
    return 0;
}
