// The string functions copy one byte per address.
#include <stdio.h>
#include <string.h>

int main(void) {
    char a[16];
    char b[16];
    strcpy(a, "process");
    memcpy(b, a, strlen(a) + 1);
    b[0] = 'P';
    printf("%s %s %lu %d %d\n", a, b, strlen(a), strcmp(a, b) > 0, strcmp(a, "process"));
    memset(a, 'z', 3);
    printf("%s\n", a);
    return 0;
}
