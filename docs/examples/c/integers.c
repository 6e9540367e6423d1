// Integers as gcc on x86-64 has them.
#include <stdio.h>

int main(void) {
    unsigned int u = 0;
    u = u - 1;
    char c = 127;
    c++;
    unsigned char uc = 255;
    uc += 2;
    short s = 32767;
    s = s + 1;
    int neg = -7;
    printf("%u %d %d %d\n", u, c, uc, s);
    printf("%d %d %d %d\n", neg / 2, neg % 2, neg >> 1, (int)((unsigned)neg >> 28));
    printf("%d %d %d %d\n", 6 & 3, 6 | 3, 6 ^ 3, ~6);
    printf("%lu %lu %lu %lu\n", sizeof(char), sizeof(short), sizeof(int), sizeof(long));
    printf("%lu %lu\n", sizeof(int *), sizeof(long[3]));
    long big = 1L << 40;
    int trunc = (int)(big + 5);
    printf("%ld %d %x\n", big, trunc, 0xdeadbeef);
    printf("%d %d\n", -1 < 1u, -1L < 1);
    return 0;
}
