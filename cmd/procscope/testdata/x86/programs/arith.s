# procscope test program: every arithmetic instruction and mov form.
# Written for procscope (not from OSTEP); run with: -t 1 -R ax,bx,cx,dx,ex,fx
.var total
.var pair 2

.main
mov $12, %ax          # imm -> reg, several digits
mov $-7, %bx          # negative imm
mov %ax, %cx          # reg -> reg
add $3, %cx           # 15
add %bx, %cx          # 8
sub $10, %cx          # -2
sub %bx, %cx          # 5
mul $4, %cx           # 20
mul %bx, %cx          # -140
neg %cx               # 140
neg %bx               # 7
mov %cx, total        # reg -> variable
mov $99, pair         # imm -> variable
mov total, %dx        # variable -> reg
lea pair, %ex         # address of pair (104)
lea 8(%ex), %fx       # 112
mov $5, 4(%ex)        # pair[1] = 5
mov 4(%ex), %ax       # 5
mov %ax, 2000         # reg -> absolute
mov 2000, %bx         # absolute -> reg
mov $010, %ax         # decimal 10, not octal
halt
