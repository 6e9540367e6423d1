// The program exec_parent's child becomes.
#include <stdio.h>

int runs = 1;

int main(void) {
    printf("exec_child: a new program in the same process (runs = %d)\n", runs);
    return 5;
}
