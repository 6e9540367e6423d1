// printf's conversions and widths, puts and putchar.
#include <stdio.h>

int main(void) {
    printf("hello, %s!\n", "world");
    printf("[%5d] [%-5d] [%05d] [%x] [%X] [%%]\n", 42, 42, 42, 255, 255);
    printf("[%c%c] [%u] [%ld] [%lu] [%i]\n", 'o', 'k', 4000000000u, -5000000000L, 5000000000UL, -7);
    printf("[%10s] [%-6s] [%.3s]\n", "right", "left", "truncate");
    puts("puts adds a newline");
    putchar('!');
    putchar('\n');
    return 0;
}
