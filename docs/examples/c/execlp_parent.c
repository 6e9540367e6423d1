// execlp takes a file name and searches PATH for it, unless the name has
// a slash, as "./exec_child" does. (The test runs it beside exec_child.)
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    pid_t pid = fork();
    if (pid == 0) {
        execlp("./exec_child", "exec_child", NULL);
        printf("exec failed\n");
        return 1;
    }
    int status;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status))
        printf("exec_child exited with %d\n", WEXITSTATUS(status));
    return 0;
}
