# counter-race: OSTEP's looping-race-nolock.s. Two threads each add 1 to
# count bx times, with no lock: load, add, store can be interrupted between.
.var count
.main
.top
mov count, %ax       # load
add $1, %ax          # add
mov %ax, count       # store
sub $1, %bx
test $0, %bx
jgt .top
halt
