// A linked list on the heap: malloc, ->, free.
#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

int main(void) {
    struct node *head = NULL;
    for (int i = 1; i <= 5; i++) {
        struct node *n = malloc(sizeof(struct node));
        n->value = i * i;
        n->next = head;
        head = n;
    }
    int sum = 0;
    for (struct node *p = head; p != NULL; p = p->next) {
        printf("%d ", p->value);
        sum += p->value;
    }
    printf("\nsum %d\n", sum);
    while (head) {
        struct node *next = head->next;
        free(head);
        head = next;
    }
    return 0;
}
