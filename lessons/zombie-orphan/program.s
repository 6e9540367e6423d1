# zombie-orphan: the parent forks two children and never waits. The first
# exits at once and stays a zombie until someone reaps it; the second
# outlives the parent, becomes an orphan and is adopted by init (pid 1).
.main
fork                 # the first child
test $0, %ax
je .quick
fork                 # the second child
test $0, %ax
je .slow
mov $20, %cx         # the parent works a little and exits without wait
.busy
sub $1, %cx
test $0, %cx
jgt .busy
exit $0
.quick
exit $7              # a zombie: exited, but nobody has read its status
.slow
mov $60, %cx
.loop
sub $1, %cx
test $0, %cx
jgt .loop
exit $3              # by now its parent is gone: init reaps it
