# procscope test program: rdump, mdump, nop and yield.
# run with: -t 2 -a ax=7,ax=9 -M 2000 -R ax
.main
mov %ax, 2000
rdump
mdump 2000
nop
yield
add $1, %ax
rdump
mov %ax, 2000
mdump 2000
halt
