// tiny-shell: a shell in miniature. For each command it forks; the child
// execs the command's program (the process stays, its program changes);
// the shell waits for the child and keeps its exit status, as sh's $?.
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int last_status;    // the shell's $?: how the last command ended
int commands;       // commands run so far

int run(char *path) {
    printf("$ %s\n", path);
    pid_t pid = fork();
    if (pid == 0) {
        execl(path, path, NULL);    // on success this never returns
        printf("tiny-shell: %s: no such program\n", path);
        _exit(127);                 // "command not found", as sh says it
    }
    int status;
    waitpid(pid, &status, 0);       // the shell waits for its command
    commands++;
    return WEXITSTATUS(status);
}

int main(void) {
    last_status = run("./greet");
    last_status = run("./nosuch");
    printf("%d commands, last status %d\n", commands, last_status);
    return 0;
}
