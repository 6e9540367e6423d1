// Writing through a null pointer kills the process with SIGSEGV.
#include <stdio.h>

int *nowhere;

int main(void) {
    printf("about to crash\n");
    *nowhere = 1;
    printf("never printed\n");
    return 0;
}
