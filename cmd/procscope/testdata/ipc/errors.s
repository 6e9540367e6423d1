# Failing calls set ax to -1 and log an error event; the program goes on.
.var mutex
.main
close $9            # EBADF: never opened
print %ax
pipe                # ax = 3 (read end), bx = 4 (write end)
write %ax, $1       # EBADF: writing into the read end
print %ax
lock mutex
lock mutex          # EDEADLK: this thread already holds it
print %ax
unlock mutex
unlock mutex        # EPERM: not locked any more
print %ax
exit $0
