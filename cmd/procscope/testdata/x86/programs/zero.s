# procscope test program: the hidden zero register shifts absolute and
# variable addresses (-a zero=N) and can be named as %zero.
# run with: -t 1 -a zero=4 -M 100,104,2000,2004 -R zero,ax
.var v

.main
mov $7, v             # goes to 100 + zero
mov $8, 2000          # goes to 2000 + zero
mov %zero, %ax
mov 2000, %cx
halt
