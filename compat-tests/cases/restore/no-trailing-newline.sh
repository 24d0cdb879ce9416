# desc: the last -R line needs no trailing newline, and trailing blanks at EOF are fine
printf -- '-A -t 10.0.0.190:80\n-A -t 10.0.0.191:80' | ipvsadm -R
echo "rc=$?"
printf -- '-A -t 10.0.0.192:80   ' | ipvsadm -R
echo "rc=$?"
ipvsadm -Ln
