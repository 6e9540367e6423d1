# procscope test program: xchg and fetchadd spin lock plus a ticket.
# run with: -t 3 -a bx=2 -i 4 -M lock,tick,count -R ax,bx
.var lock
.var tick
.var count

.main
.top
mov $1, %ax
xchg %ax, lock        # test-and-set
test $0, %ax
jne .top
lea tick, %cx
mov $1, %ax
fetchadd %ax, (%cx)   # ticket++ (through a register)
mov count, %ax
add $1, %ax
mov %ax, count
mov $0, lock
sub $1, %bx
test $0, %bx
jgt .top
halt
