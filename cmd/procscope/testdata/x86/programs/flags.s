# procscope test program: test in all three forms and every jump.
# run with: -t 1 -a ax=3:bx=5 -R ax,bx,cx -C
.main
mov $0, %cx
test $3, %ax          # ax vs 3: equal
je .eq
halt
.eq
add $1, %cx
test %ax, %bx         # bx(5) vs ax(3): greater
jgt .gt
halt
.gt
jgte .gte
halt
.gte
add $1, %cx
test %bx, $4          # 4 vs bx(5): less
jlt .lt
halt
.lt
jlte .lte
halt
.lte
jne .ne
halt
.ne
add $1, %cx
test %ax, %ax
jne .never            # not taken
jlt .never            # not taken
jgt .never            # not taken
j .done
.never
mov $-1, %cx
halt
.done
nop
halt
