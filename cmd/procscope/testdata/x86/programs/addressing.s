# procscope test program: every addressing form, the stack and calls.
# run with: -t 1 -a bx=1:cx=2 -M arr,104,108,112,127996,127992 -R ax,dx,sp,bp
.var arr 4
.var scratch

.main
lea arr, %fx
mov $11, (%fx)              # base only
mov $22, 4(%fx)             # disp(base)
mov $33, 0(%fx,%bx,8)       # disp(base,index,scale): arr[2]
mov $44, 4(%fx,%cx,4)       # arr[3]
mov 0(%fx,%cx,4), %ax       # arr[2] = 33
mov (%fx,%bx), %dx          # M[arr+1]: 0, a cell of its own
mov 104(,%bx,4), %dx        # no base: 104+4 = arr[2]
mov 100(,,2), %dx           # no registers at all
mov -4(%fx), %dx            # negative displacement (address 96)
mov - 8 (%fx,%bx,4), %dx    # minus, spaces: 100-8+4
mov 16 (   %fx , %cx,4) , %ax
mov %sp, %bp
push %ax                    # push a register
push arr                    # push a memory operand: pushes its ADDRESS (100)
push 4(%fx)                 # pushes 104
pop %dx                     # 104
pop                         # bare pop drops 100
pop %ax                     # 33
call .sub
mov $1, scratch
halt

.sub
push %bp
mov %sp, %bp
mov 4(%bp), %dx             # the return address
pop %bp
ret
