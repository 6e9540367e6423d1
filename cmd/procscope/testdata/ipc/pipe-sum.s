# A parent makes a pipe and forks. The child closes its read end, writes
# 1, 2 and 3 and exits (exit closes its write end). The parent closes its
# own write end, reads one word at a time until end of file (ax = 0),
# prints the sum and exits with it.
.main
pipe
mov %ax, %cx        # cx = read end
mov %bx, %dx        # dx = write end
fork
test $0, %ax
je .child
close %dx           # forget this and the read below never ends
mov $0, %fx
.loop
read %cx
test $0, %ax
je .eof
add %bx, %fx
j .loop
.eof
print %fx
wait
exit %fx
.child
close %cx
write %dx, $1
mov $2, %ax
write %dx, %ax
write $4, $3
close %dx
exit $0
