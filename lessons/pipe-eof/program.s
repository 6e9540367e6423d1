# pipe-eof: the parent makes a pipe and forks. The child writes four words
# and closes its write end; the parent closes its own write end, reads
# until end of file and prints the sum. A read returns end of file only
# when no write end is open in any process.
.main
pipe                 # ax = read end (3), bx = write end (4)
mov %ax, %cx         # cx: the read end
mov %bx, %dx         # dx: the write end
fork                 # the child gets copies of both ends
test $0, %ax
je .child
close %dx            # the parent will never write: delete this line and see
mov $0, %fx          # fx: the sum
.loop
read %cx             # ax = 1 and bx = a word; ax = 0 at end of file
test $0, %ax
je .eof
add %bx, %fx
j .loop
.eof
print %fx            # 10 + 20 + 30 + 40 = 100
wait                 # reap the child: bx = its status
exit $0
.child
close %cx            # the child only writes
write %dx, $10
write %dx, $20
write %dx, $30
write %dx, $40
close %dx            # now no write end is open anywhere
exit $0
