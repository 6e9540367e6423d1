// calloc zeroes; pointer arithmetic moves by the element's size.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int n = 8;
    int *a = calloc(n, sizeof(int));
    int zeros = 0;
    for (int i = 0; i < n; i++)
        zeros += a[i] == 0;
    for (int *p = a; p < a + n; p++)
        *p = (int)(p - a) * 3;
    printf("zeros %d, a[5] %d, *(a+7) %d, a+n-a %ld\n", zeros, a[5], *(a + 7), (long)(a + n - a));
    long *big = malloc(4 * sizeof(long));
    big[3] = 1L << 40;
    printf("%ld\n", big[3]);
    free(big);
    free(a);
    return 0;
}
