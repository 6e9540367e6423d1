# procscope test program for the scheduler's quirks: short and uneven
# threads, so halts land on and off the interrupt boundary.
# run with: -t 3 -a bx=1,bx=2,bx=3 -M 2000 -R bx
.main
.top
mov 2000, %ax
add $1, %ax
mov %ax, 2000
sub $1, %bx
test $0, %bx
jgt .top
halt
