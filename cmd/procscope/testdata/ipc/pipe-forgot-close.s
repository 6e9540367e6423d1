# The classic bug: the parent forgets to close its write end. After the
# child has written 1, 2, 3 and exited, the parent reads the three words
# and then blocks: a write end is still open (its own), so end of file
# never comes and no thread can run again.
.main
pipe
mov %ax, %cx        # cx = read end
mov %bx, %dx        # dx = write end
fork
test $0, %ax
je .child
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
