# threads-vs-processes: the same small job twice. First a worker thread
# adds 5 + 4 + 3 + 2 + 1 into a global that the main thread reads after
# join. Then a child process does the same sum and sends it to its parent
# through a pipe. Watch the cost panel: creation, switching, communication.
.data total 0
.main
# --- two threads, one global ---
spawn .tworker       # pthread_create: a new stack, nothing is copied
join %ax             # wait for the worker
print total          # 15: the worker's store, read straight from memory
# --- two processes, one pipe ---
pipe                 # ax = read end, bx = write end
mov %ax, %cx
mov %bx, %dx
fork                 # fork: a new process, its page tables copied
test $0, %ax
je .pworker
close %dx            # the parent only reads
read %cx             # bx = the child's sum, copied through the kernel
print %bx            # 15 again
wait                 # reap the child
exit $0
.tworker
mov $5, %cx
mov $0, %bx
.tloop
add %cx, %bx
sub $1, %cx
test $0, %cx
jgt .tloop
mov %bx, total       # the result, in memory both threads share
thread-exit
.pworker
mov $5, %cx
mov $0, %bx
.ploop
add %cx, %bx
sub $1, %cx
test $0, %cx
jgt .ploop
write %dx, %bx       # the result, through the pipe
exit $0
