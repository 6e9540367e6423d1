# ticket-lock: a lock that serves threads in the order they came, like
# the numbered tickets at a counter. fetchadd hands each thread the next
# ticket atomically; a thread enters when turn reaches its ticket, and
# unlocking moves turn on by one. Each thread adds 1 to count bx times.
.var ticket
.var turn
.var count
.main
.top
mov $1, %ax
fetchadd %ax, ticket    # ax = my ticket; ticket = ticket + 1
.wait
mov turn, %cx
test %cx, %ax
jne .wait               # not my turn yet: wait
mov count, %dx          # the critical section: count = count + 1
add $1, %dx
mov %dx, count
mov $1, %cx
fetchadd %cx, turn      # unlock: the next ticket's turn
sub $1, %bx
test $0, %bx
jgt .top
halt
