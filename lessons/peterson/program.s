# peterson: Peterson's lock for two threads, in the lab's assembler. bx
# says which thread this is (0 or 1). Each thread raises its flag, gives
# the turn to the other, and waits only while the other wants in and it
# is the other's turn. Then it adds 1 to count, in dx.
.var flag 2
.var turn
.var count
.main
lea flag, %fx           # fx = the address of flag[0]
mov %bx, %cx
neg %cx
add $1, %cx             # cx = the other thread: 1 - bx
mov $1, 0(%fx,%bx,4)    # flag[me] = 1: I want to enter
mov %cx, turn           # turn = other: but you go first
.spin
mov 0(%fx,%cx,4), %ax   # does the other want to enter?
test $1, %ax
jne .enter              # no: enter
mov turn, %ax           # yes: is it the other's turn?
test %cx, %ax
je .spin                # yes: wait
.enter
mov count, %dx          # the critical section: count = count + 1
add $1, %dx
mov %dx, count
mov $0, 0(%fx,%bx,4)    # flag[me] = 0: done
halt
