# mutex-counter: counter-race with a mutex around count = count + 1.
# Two threads each add 1 to count bx times; lock/unlock make the load,
# add and store one critical section, so no update is lost.
.var count
.var mutex
.main
.top
lock mutex           # wait here while the other thread holds it
mov count, %ax       # load
add $1, %ax          # add
mov %ax, count       # store
unlock mutex         # hand the mutex to a waiting thread, if any
sub $1, %bx
test $0, %bx
jgt .top
halt
