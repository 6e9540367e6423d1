// Every assignment operator, ++ and -- both ways, and short-circuit
// && and || whose right side runs only when it must.
#include <stdio.h>

int calls;

int touch(int v) {
    calls++;
    return v;
}

int main(void) {
    int a = 100;
    a += 7;
    a -= 2;
    a *= 3;
    a /= 4;
    a %= 50;
    printf("a = %d\n", a);
    unsigned b = 0xf0;
    b <<= 4;
    b >>= 2;
    b &= 0x3f0;
    b |= 0x5;
    b ^= 0x11;
    printf("b = %u\n", b);
    long n[4] = {10, 20, 30, 40};
    long *p = n;
    p += 2;
    printf("%ld %ld %ld\n", *p, p[-1], (long)(p - n));
    int i = 5;
    int x = i++;
    int y = ++i;
    int z = i--;
    int w = --i;
    printf("%d %d %d %d %d\n", x, y, z, w, i);
    int neg = -17;
    neg >>= 2;
    printf("neg = %d, %d %d\n", neg, -17 / 5, -17 % 5);
    char grid[2][3] = {{1, 2, 3}, {4, 5, 6}};
    char word[] = "abc";
    printf("%d %d %c %lu\n", grid[1][2], grid[0][1] + grid[1][0], word[2], sizeof word);
    int r = touch(0) || touch(2);
    int s = touch(1) || touch(3);
    int t = touch(0) && touch(4);
    printf("%d %d %d calls = %d\n", r, s, t, calls);
    return a > 20 ? 0 : 1;
}
