// write(1, ...) skips stdio's buffer: order of output shows it.
#include <stdio.h>
#include <unistd.h>

int main(void) {
    printf("buffered ");
    write(1, "direct\n", 7);
    printf("then newline\n");
    fprintf(stderr, "to stderr\n");
    fprintf(stdout, "fprintf to stdout %d\n", 5);
    return 2;
}
