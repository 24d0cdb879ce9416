# desc: a command letter after the command is an invalid option (the second option as typed), rc 2
ipvsadm -L -A
echo "rc=$?"
ipvsadm -L -L
echo "rc=$?"
ipvsadm -A -L
echo "rc=$?"
ipvsadm -L -l
echo "rc=$?"
ipvsadm -L --list
echo "rc=$?"
ipvsadm -L -C
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -D
echo "rc=$?"
ipvsadm -L --set 1 2 3
echo "rc=$?"
