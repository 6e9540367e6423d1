# procscope test program: a program may write the hidden zero register,
# which then shifts every absolute address (as in x86.py).
# run with: -t 2 -i 2 -M 2000,2004,2008 -R zero,ax
.main
mov $4, %zero
mov $7, 2000          # goes to 2004
mov 2000, %ax
add %zero, %ax
halt
