// switch, do-while, break, continue, the conditional operator.
#include <stdio.h>

const char *kind(int n) {
    switch (n % 3) {
    case 0:
        return "fizz";
    case 1:
        return "one";
    default:
        break;
    }
    return "two";
}

int main(void) {
    int i = 0;
    do {
        i++;
        if (i == 2)
            continue;
        if (i > 5)
            break;
        printf("%d:%s%c", i, kind(i), i < 5 ? ' ' : '\n');
    } while (1);
    int odd = 0;
    for (int k = 0; k < 10; k++) {
        if (k % 2 == 0)
            continue;
        odd += k;
    }
    printf("odd sum %d, %s\n", odd, odd > 20 && odd < 30 ? "between" : "outside");
    return 0;
}
