# stack-overflow: the main thread starts a thread running a function that
# calls itself forever. Each call pushes a return address, a saved frame
# pointer and 256 bytes of locals, until the thread's stack reaches the
# guard page below it and the whole process dies with SIGSEGV.
.main
spawn .f             # a new thread with its own stack and guard page
mov %ax, %cx
join %cx             # waits forever: the overflow kills the whole process
exit $0
.f
push %bp
mov %sp, %bp
sub $256, %sp        # locals
mov %bx, 0(%sp)      # touch them: the depth
add $1, %bx
call .f
