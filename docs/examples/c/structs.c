// typedef, structs, arrays of structs and a 2-D array.
#include <stdio.h>

typedef struct {
    int x, y;
} point;

struct rect {
    point min, max;
    char name[8];
};

int area(struct rect *r) { return (r->max.x - r->min.x) * (r->max.y - r->min.y); }

int grid[3][4];
point corners[2] = {{1, 2}, {3, 4}};

int main(void) {
    struct rect r = {{0, 0}, {4, 3}, "box"};
    printf("%s area %d\n", r.name, area(&r));
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 4; j++)
            grid[i][j] = i * 10 + j;
    printf("%d %d %lu\n", grid[2][3], grid[1][0], sizeof grid);
    point p = corners[1];
    p.x += corners[0].y;
    printf("%d %d\n", p.x, p.y);
    return 0;
}
