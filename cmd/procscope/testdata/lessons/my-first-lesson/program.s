# threads-share: the main thread starts a worker thread. Both write the same
# global (one address space) while each pushes onto its own stack.
.data shared 0
.main
spawn .worker        # ax = the worker's tid; it gets its own stack and guard page
mov %ax, %cx
mov $1, %bx
push %bx             # on the main thread's stack
mov %bx, shared
join %cx             # wait for the worker
print shared         # the worker's write is visible here
exit $0
.worker
mov $2, %bx
push %bx             # on the worker's own stack, far below the main stack
mov %bx, shared      # the same global, the same frame
thread-exit
