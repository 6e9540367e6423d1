# fork-cow: the parent touches a global, forks, and then parent and child
# each write their own value to it. After fork both processes map the same
# frames, marked copy-on-write; the first write gets a private copy.
.data value 1
.main
mov $10, %ax
mov %ax, value       # touch the data page before fork
fork                 # ax = the child's pid in the parent, 0 in the child
test $0, %ax
je .child
.parent
mov $20, %bx
mov %bx, value       # the parent's write: a copy-on-write fault
print value
wait                 # reap the child
exit $0
.child
mov $30, %bx
mov %bx, value       # the child's write: its own copy, the parent's is unchanged
print value
exit $0
