// Each call gets its own frame on the stack.
#include <stdio.h>

long factorial(int n) {
    if (n <= 1)
        return 1;
    return n * factorial(n - 1);
}

int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int depth(int n) {
    int here = n;
    if (n == 0)
        return 0;
    return 1 + depth(here - 1);
}

int main(void) {
    printf("10! = %ld, 20! = %ld\n", factorial(10), factorial(20));
    printf("fib(15) = %d, depth %d\n", fib(15), depth(50));
    return 0;
}
