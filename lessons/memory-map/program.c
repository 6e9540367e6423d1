// memory-map: where a process keeps each kind of variable. Run it and
// find every one of them in the address space.
#include <stdio.h>
#include <stdlib.h>

int counter = 42;             // an initialised global
int total;                    // an uninitialised global
static int calls = 1;         // a static: a global only this file sees
const int limit = 7;          // a const global: read-only
const char motto[] = "share"; // a const array: read-only too
long *block;                  // will point at a malloc'd block

int depth(int n) {
    int here = n;             // a local: on the stack, one per call
    if (n == 0)
        return here;
    return depth(n - 1) + here;
}

int main(void) {
    int local = 5;            // a local of main
    block = malloc(64);       // on the heap
    block[0] = local;
    total = depth(3) + calls; // 3 + 2 + 1 + 0, plus 1
    counter++;
    printf("%d %d %d %s %ld\n", counter, total, limit, motto, block[0]);
    free(block);
    return 0;
}
