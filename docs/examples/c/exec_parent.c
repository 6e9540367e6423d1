// exec replaces the child's program; text left in stdio's buffer dies
// with the old image. (The test runs it beside exec_child.)
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    printf("parent starts\n");
    pid_t pid = fork();
    if (pid == 0) {
        printf("lost: never flushed before exec");
        execl("./exec_child", "exec_child", NULL);
        printf("exec failed\n");
        return 1;
    }
    int status;
    waitpid(pid, &status, 0);
    printf("child ran exec_child and exited with %d\n", WEXITSTATUS(status));
    return 0;
}
