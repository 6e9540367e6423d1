# Two processes share one page (shm key 7). Each adds 1 to the word at
# offset 8 fifty times under the mutex at offset 0, and 1 to the word at
# offset 16 fifty times with fetchadd. The parent waits and prints both:
# 100 and 100, however the two interleave.
.main
shm $7
mov %ax, %ex        # ex = the segment's address (the same page in both)
fork
mov %ax, %fx        # fx = the child's pid in the parent, 0 in the child
mov $0, %cx
.loop
lock (%ex)
mov 8(%ex), %ax
add $1, %ax
mov %ax, 8(%ex)
unlock (%ex)
mov $1, %bx
fetchadd %bx, 16(%ex)
add $1, %cx
test $50, %cx
jlt .loop
test $0, %fx
je .done
wait
mov 8(%ex), %ax
print %ax
mov 16(%ex), %ax
print %ax
.done
exit $0
