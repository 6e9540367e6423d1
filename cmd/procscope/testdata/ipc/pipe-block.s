# Block transfers: the count is in %dx. The child sends a 3-word array in
# one write; the parent reads it in one read into buf and adds it up.
.data nums 10 20 30
.var buf 3
.main
pipe
mov %ax, %cx        # cx = read end
mov %bx, %ex        # ex = write end
fork
test $0, %ax
je .child
close %ex
mov $3, %dx
read %cx, buf       # blocks until the words arrive, then ax = words read
mov %ax, %bx        # bx = 3
lea buf, %fx
mov 0(%fx), %ax
mov 8(%fx), %dx
add %dx, %ax
mov 16(%fx), %dx
add %dx, %ax
print %ax           # 60
print %bx           # 3
exit $0
.child
mov $3, %dx
write %ex, nums     # ax = words written
print %ax
exit $0
