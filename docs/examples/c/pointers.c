// %p prints an address in hex, and a null pointer as (nil), as glibc
// does. Addresses differ from run to run (ASLR): the test writes every
// 0x… as 0xADDR on both sides before comparing.
#include <stdio.h>
#include <stdlib.h>

int global;

int main(void) {
    int local = 1;
    int *none = NULL;
    int *heap = malloc(sizeof(int));
    printf("null   %p\n", (void *)none);
    printf("global %p\n", (void *)&global);
    printf("local  %p\n", (void *)&local);
    printf("heap   %p\n", (void *)heap);
    printf("[%8p]\n", (void *)none);
    free(heap);
    return local - 1;
}
