// MAP_SHARED|MAP_ANONYMOUS memory stays shared across fork.
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int private_value = 1;

int main(void) {
    int *shared = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED)
        return 1;
    *shared = 1;
    if (fork() == 0) {
        *shared = 2;
        private_value = 2;
        return 0;
    }
    wait(NULL);
    printf("shared %d, private %d\n", *shared, private_value);
    munmap(shared, sizeof(int));
    return 0;
}
