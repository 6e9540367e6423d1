// Where each variable lives: .data, .bss, .rodata, the stack.
#include <stdio.h>

int initialised = 42;          // .data
int zeroed = 0;                // .bss
int uninitialised;             // .bss
const int answer = 7;          // .rodata
static int hidden = 3;         // .data (a static)
static long counter;           // .bss
char greeting[] = "hi";        // .data
const char motto[] = "share";  // .rodata

int next_id(void) {
    static int id = 100;       // .data, named id.0 by gcc
    return id++;
}

int main(void) {
    int local = 5;             // the stack
    counter++;
    printf("%d %d %d %d %d %ld\n", initialised, zeroed, uninitialised, answer, hidden, counter);
    printf("%s %s %d\n", greeting, motto, local);
    printf("%d %d\n", next_id(), next_id());
    return 0;
}
