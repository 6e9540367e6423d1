# deadlock: two threads need the same two mutexes but take them in
# opposite order. Thread bx=0 locks a then b; thread bx=1 locks b then a.
# The timer switches threads after every instruction, so each gets its
# first mutex and then waits forever for the other's.
.var a
.var b
.main
test $0, %bx
jgt .second
.first
lock a
lock b               # waits for the other thread, which waits for a
add $1, %ax
unlock b
unlock a
halt
.second
lock b
lock a               # waits for the first thread, which waits for b
add $1, %ax
unlock a
unlock b
halt
